package dev.pipit.scheduler.project;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the columns of a {@code SCHEMA >} block: {@code `name` Type `json:$.path` DEFAULT expr CODEC(...)},
 * separated by commas. Names may be backquoted or bare; types nest and hold commas inside their parentheses
 * ({@code Map(String, Array(String))}, {@code DateTime64(3, 'UTC')}); the json path, {@code DEFAULT} and
 * {@code CODEC} are optional and may come in any order.
 */
final class SchemaParser {
    private static final String SYNTAX = "write columns as `name` Type `json:$.path`, with DEFAULT expr and CODEC(...) optional";

    private SchemaParser() {}

    static List<ColumnDef> parse(String file, List<Datafile.BlockLine> block, List<Diagnostic> problems) {
        List<ColumnDef> columns = new ArrayList<>();
        for (Piece piece : split(block)) {
            Location location = new Location(file, piece.line());
            try {
                columns.add(column(piece.text(), location));
            } catch (IllegalArgumentException e) {
                problems.add(Diagnostic.error(location, e.getMessage()));
            }
        }
        return columns;
    }

    /** Splits the block at commas outside parentheses and quotes; each piece remembers the line it starts on. */
    private static List<Piece> split(List<Datafile.BlockLine> block) {
        List<Piece> pieces = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int startLine = 0;
        int depth = 0;
        char quote = 0;
        for (Datafile.BlockLine line : block) {
            String text = line.text();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (startLine == 0 && !Character.isWhitespace(c)) {
                    startLine = line.number();
                }
                if (quote != 0) {
                    if (c == '\\' && quote == '\'' && i + 1 < text.length()) {
                        current.append(c).append(text.charAt(++i));
                        continue;
                    }
                    if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '\'' || c == '`' || c == '"') {
                    quote = c;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                } else if (c == ',' && depth == 0) {
                    pieces.add(new Piece(current.toString().strip(), startLine == 0 ? line.number() : startLine));
                    current.setLength(0);
                    startLine = 0;
                    continue;
                }
                current.append(c);
            }
            current.append(' ');
        }
        if (!current.toString().isBlank()) {
            pieces.add(new Piece(current.toString().strip(), startLine));
        }
        return pieces;
    }

    private static ColumnDef column(String text, Location location) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty column between two commas: " + SYNTAX);
        }
        Cursor cursor = new Cursor(text);
        String name = cursor.peek() == '`' ? cursor.quoted('`') : cursor.word();
        cursor.skipSpaces();
        String type = cursor.type();
        if (type.isEmpty()) {
            throw new IllegalArgumentException("column " + name + " has no type: " + SYNTAX);
        }
        String jsonPath = null;
        String defaultExpression = null;
        String codec = null;
        while (!cursor.skipSpaces().atEnd()) {
            if (cursor.peek() == '`') {
                String mapping = cursor.quoted('`');
                if (!mapping.startsWith("json:")) {
                    throw new IllegalArgumentException("column " + name + ": expected `json:$.path` after the type, found `"
                            + mapping + "`");
                }
                jsonPath = mapping.substring("json:".length()).strip();
            } else if (cursor.startsWithWord("DEFAULT")) {
                defaultExpression = cursor.defaultExpression();
            } else if (cursor.startsWithWord("CODEC")) {
                codec = cursor.codec();
            } else {
                throw new IllegalArgumentException("column " + name + ": unexpected '" + cursor.rest() + "'; " + SYNTAX);
            }
        }
        return new ColumnDef(name, type, jsonPath, defaultExpression, codec, location);
    }

    private record Piece(String text, int line) {}

    /** Reads one column's text from left to right. */
    private static final class Cursor {
        private final String text;
        private int position;

        Cursor(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return position >= text.length();
        }

        char peek() {
            return text.charAt(position);
        }

        String rest() {
            return text.substring(position);
        }

        Cursor skipSpaces() {
            while (!atEnd() && Character.isWhitespace(peek())) {
                position++;
            }
            return this;
        }

        String word() {
            int start = position;
            while (!atEnd() && !Character.isWhitespace(peek())) {
                position++;
            }
            return text.substring(start, position);
        }

        String quoted(char quote) {
            int end = text.indexOf(quote, position + 1);
            if (end < 0) {
                throw new IllegalArgumentException("unclosed " + quote + " in '" + text + "'");
            }
            String inside = text.substring(position + 1, end);
            position = end + 1;
            return inside;
        }

        /** A type name with its parenthesised arguments, as written: {@code Nullable(DateTime64(3, 'UTC'))}. */
        String type() {
            int start = position;
            while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '_')) {
                position++;
            }
            if (!atEnd() && peek() == '(') {
                position = closingParenthesis(position) + 1;
            }
            return text.substring(start, position);
        }

        boolean startsWithWord(String word) {
            int end = position + word.length();
            return text.regionMatches(true, position, word, 0, word.length())
                    && (end == text.length() || Character.isWhitespace(text.charAt(end)) || text.charAt(end) == '(');
        }

        /** Everything up to a json mapping or a CODEC clause outside parentheses: the expression may hold both words. */
        String defaultExpression() {
            position += "DEFAULT".length();
            int start = position;
            while (!atEnd() && peek() != '`' && !startsWithWord("CODEC")) {
                if (peek() == '(') {
                    position = closingParenthesis(position);
                } else if (peek() == '\'') {
                    quoted('\'');
                    continue;
                }
                position++;
            }
            String expression = text.substring(start, position).strip();
            if (expression.isEmpty()) {
                throw new IllegalArgumentException("DEFAULT needs an expression, as in DEFAULT now() or DEFAULT 'none'");
            }
            return expression;
        }

        String codec() {
            int start = position;
            position += "CODEC".length();
            skipSpaces();
            if (atEnd() || peek() != '(') {
                throw new IllegalArgumentException("CODEC needs its arguments, as in CODEC(ZSTD(1))");
            }
            position = closingParenthesis(position) + 1;
            return text.substring(start, position);
        }

        private int closingParenthesis(int open) {
            int depth = 0;
            char quote = 0;
            for (int i = open; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth == 0) {
                    return i;
                }
            }
            throw new IllegalArgumentException("unbalanced parentheses in '" + text + "': close every '('");
        }
    }
}
