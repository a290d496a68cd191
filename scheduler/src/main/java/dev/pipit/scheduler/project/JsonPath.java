package dev.pipit.scheduler.project;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.format.SourceRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A column's {@code json:} mapping, the subset of JSONPath Tinybird supports: {@code $} (the whole record),
 * {@code $.a.b}, {@code $['a b']}, {@code $.a[0]} and {@code $.a[:]} (every element of an array).
 *
 * @param text the path as written
 * @param segments the steps after {@code $}; empty for the whole record
 */
public record JsonPath(String text, List<Segment> segments) {
    /** One step of a path. */
    public sealed interface Segment permits Name, Index, AllElements {}

    /** A member of an object. */
    public record Name(String name) implements Segment {}

    /** An element of an array, counted from 0. */
    public record Index(int index) implements Segment {}

    /** Every element of an array: the result is a list. */
    public record AllElements() implements Segment {}

    public JsonPath {
        requireNonNull(text, "text is null");
        segments = List.copyOf(requireNonNull(segments, "segments is null"));
    }

    /** The path a column without a {@code json:} mapping has: its own name. */
    public static JsonPath ofColumn(String columnName) {
        return new JsonPath("$." + columnName, List.of(new Name(columnName)));
    }

    /**
     * @throws IllegalArgumentException saying what is wrong and what to write instead
     */
    public static JsonPath parse(String text) {
        requireNonNull(text, "text is null");
        if (!text.startsWith("$")) {
            throw new IllegalArgumentException("a json path starts with $, as in $.field or $.a.b: '" + text + "'");
        }
        List<Segment> segments = new ArrayList<>();
        int position = 1;
        while (position < text.length()) {
            char next = text.charAt(position);
            if (next == '.') {
                int end = position + 1;
                while (end < text.length() && text.charAt(end) != '.' && text.charAt(end) != '[') {
                    end++;
                }
                if (end == position + 1) {
                    throw new IllegalArgumentException("empty name after '.' in json path '" + text + "'");
                }
                segments.add(new Name(text.substring(position + 1, end)));
                position = end;
            } else if (next == '[') {
                int end = text.indexOf(']', position);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed '[' in json path '" + text + "'");
                }
                segments.add(bracket(text, text.substring(position + 1, end).trim()));
                position = end + 1;
            } else {
                throw new IllegalArgumentException("expected '.' or '[' at character " + (position + 1)
                        + " of json path '" + text + "'");
            }
        }
        return new JsonPath(text, segments);
    }

    private static Segment bracket(String text, String inside) {
        if (inside.equals(":") || inside.equals("*")) {
            return new AllElements();
        }
        if ((inside.startsWith("'") && inside.endsWith("'") || inside.startsWith("\"") && inside.endsWith("\""))
                && inside.length() >= 2) {
            return new Name(inside.substring(1, inside.length() - 1));
        }
        try {
            int index = Integer.parseInt(inside);
            if (index < 0) {
                throw new IllegalArgumentException("negative index [" + inside + "] in json path '" + text + "'");
            }
            return new Index(index);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("write [0], [:] or ['name'] in json path '" + text + "', not [" + inside + "]");
        }
    }

    /** The top-level field the path starts at, or {@code null} for {@code $}. */
    public String rootField() {
        return segments.isEmpty() || !(segments.get(0) instanceof Name name) ? null : name.name();
    }

    /**
     * Follows the path through a record: the root field by name, then nested maps and lists; {@code $} is the
     * record's {@link SourceRow#rawText()}, asked for only then.
     *
     * @return the value, or {@code null} where the path leads nowhere
     */
    public Object evaluate(SourceRow record) {
        if (segments.isEmpty()) {
            return record.rawText();
        }
        Object value = segments.get(0) instanceof Name name ? record.field(name.name()) : null;
        return follow(value, 1);
    }

    /**
     * Where the path leads from its root field's value, found by the caller ({@code $.a.b} from the value of
     * {@code a}); {@code null} where it leads nowhere. Only for a path whose {@link #rootField()} is a name.
     */
    public Object evaluateFromRoot(Object rootValue) {
        return follow(rootValue, 1);
    }

    private Object follow(Object value, int from) {
        Object current = value;
        for (int i = from; i < segments.size() && current != null; i++) {
            Segment segment = segments.get(i);
            if (segment instanceof Name name) {
                current = current instanceof Map<?, ?> map ? map.get(name.name()) : null;
            } else if (segment instanceof Index index) {
                current = current instanceof List<?> list && index.index() < list.size() ? list.get(index.index()) : null;
            } else {
                if (!(current instanceof List<?> list)) {
                    return null;
                }
                List<Object> all = new ArrayList<>(list.size());
                for (Object element : list) {
                    all.add(follow(element, i + 1));
                }
                return all;
            }
        }
        return current;
    }

    @Override
    public String toString() {
        return text;
    }
}
