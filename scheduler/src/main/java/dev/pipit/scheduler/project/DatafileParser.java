package dev.pipit.scheduler.project;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a datafile into entries, following Tinybird's syntax: {@code KEY value} lines with bare, 'single' or
 * "double" quoted values; {@code KEY >} blocks of indented lines that end at the first line that is neither blank
 * nor indented; {@code #} comment lines; LF or CRLF line ends. {@code TOKEN} lines grant Tinybird API access and
 * mean nothing to Pipit, so they are accepted and dropped.
 */
final class DatafileParser {
    private static final Pattern KEY_LINE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(?:[ \\t]+(.*?))?[ \\t]*");

    private DatafileParser() {}

    /** Parses {@code text}; every syntax problem goes to {@code problems} and its line is skipped. */
    static Datafile parse(String file, String text, List<Diagnostic> problems) {
        return parse(file, text, problems, Set.of());
    }

    /**
     * Parses {@code text} where the keys in {@code repeatable} may appear more than once: a pipe has one
     * {@code NODE}, {@code SQL} and {@code DESCRIPTION} per node.
     */
    static Datafile parse(String file, String text, List<Diagnostic> problems, Set<String> repeatable) {
        String[] lines = stripByteOrderMark(text).split("\r?\n", -1);
        List<Datafile.Entry> entries = new ArrayList<>();
        Map<String, Integer> firstLines = new HashMap<>();
        int index = 0;
        while (index < lines.length) {
            String line = lines[index];
            int number = index + 1;
            index++;
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            Location location = new Location(file, number);
            if (Character.isWhitespace(line.charAt(0))) {
                problems.add(Diagnostic.error(location,
                        "indented line outside a block: start a block with a line such as 'SCHEMA >', or unindent it"));
                continue;
            }
            Matcher matcher = KEY_LINE.matcher(line);
            if (!matcher.matches()) {
                problems.add(Diagnostic.error(location, "expected 'KEY value', 'KEY >' or a '#' comment"));
                continue;
            }
            String key = matcher.group(1).toUpperCase(Locale.ROOT);
            String rest = matcher.group(2) == null ? "" : matcher.group(2);
            Datafile.Entry entry;
            if (rest.equals(">")) {
                List<Datafile.BlockLine> block = new ArrayList<>();
                while (index < lines.length && (lines[index].isBlank() || Character.isWhitespace(lines[index].charAt(0)))) {
                    block.add(new Datafile.BlockLine(index + 1, lines[index]));
                    index++;
                }
                entry = new Datafile.Entry(key, dedent(block), location, block, true);
            } else if (key.equals("TOKEN")) {
                continue;
            } else if (rest.isEmpty()) {
                problems.add(Diagnostic.error(location, key + " has no value: write '" + key + " value', or '"
                        + key + " \"\"' for an empty one"));
                continue;
            } else {
                String value = unquote(rest);
                if (value == null) {
                    problems.add(Diagnostic.error(location, "unclosed quote in the value of " + key
                            + ": end it with the quote it starts with"));
                    continue;
                }
                entry = new Datafile.Entry(key, value, location, List.of(), false);
            }
            Integer first = repeatable.contains(key) ? null : firstLines.putIfAbsent(key, number);
            if (first != null) {
                problems.add(Diagnostic.error(location, key + " is set twice (first at line " + first + "); keep one"));
                continue;
            }
            entries.add(entry);
        }
        return new Datafile(file, entries);
    }

    /** The value without its enclosing quotes, or {@code null} when a quote opens and never closes. */
    static String unquote(String raw) {
        char first = raw.charAt(0);
        if (first != '"' && first != '\'') {
            return raw;
        }
        if (raw.length() < 2 || raw.charAt(raw.length() - 1) != first) {
            return null;
        }
        return raw.substring(1, raw.length() - 1);
    }

    private static String dedent(List<Datafile.BlockLine> block) {
        int indent = block.stream()
                .filter(line -> !line.text().isBlank())
                .mapToInt(line -> line.text().length() - line.text().stripLeading().length())
                .min()
                .orElse(0);
        List<String> lines = new ArrayList<>();
        for (Datafile.BlockLine line : block) {
            lines.add(line.text().isBlank() ? "" : line.text().substring(indent).stripTrailing());
        }
        return String.join("\n", lines).strip();
    }

    private static String stripByteOrderMark(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
