package dev.pipit.scheduler.catalog;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A ClickHouse type as datafiles write it, parsed into a tree: {@code Nullable(DateTime64(3, 'UTC'))} is
 * {@code Nullable} with one type argument, {@code DateTime64} with the literal arguments {@code 3} and {@code UTC}.
 * Parsing knows the grammar, not the type names; which names Pipit can store is the type map's business.
 *
 * @param name the type name as written ({@code LowCardinality})
 * @param arguments the arguments in order; empty for a type written without parentheses
 */
public record ClickHouseType(String name, List<Argument> arguments) {

    /** One argument between a type's parentheses. */
    public sealed interface Argument permits TypeArgument, LiteralArgument {}

    /**
     * A type argument, as in {@code Array(String)}; {@code elementName} is set for named elements
     * ({@code Tuple(a String)}, {@code Nested(a String)}) and {@code null} otherwise.
     */
    public record TypeArgument(String elementName, ClickHouseType type) implements Argument {
        public TypeArgument {
            requireNonNull(type, "type is null");
        }

        @Override
        public String toString() {
            return elementName == null ? type.toString() : elementName + " " + type;
        }
    }

    /** A literal argument: a number, or a quoted string with its quotes removed, or an enum entry as written. */
    public record LiteralArgument(String text) implements Argument {
        public LiteralArgument {
            requireNonNull(text, "text is null");
        }

        @Override
        public String toString() {
            return text;
        }
    }

    public ClickHouseType {
        requireNonNull(name, "name is null");
        arguments = List.copyOf(requireNonNull(arguments, "arguments is null"));
    }

    /**
     * Parses a type as written in a {@code SCHEMA >} block.
     *
     * @throws IllegalArgumentException with the position and what was expected, when the text is no type
     */
    public static ClickHouseType parse(String text) {
        requireNonNull(text, "text is null");
        Parser parser = new Parser(text);
        ClickHouseType type = parser.type();
        parser.skipSpaces();
        if (!parser.atEnd()) {
            throw parser.error("unexpected '" + parser.rest() + "'");
        }
        return type;
    }

    public boolean isNullable() {
        return name.equals("Nullable");
    }

    /** The type with {@code Nullable(...)} and {@code LowCardinality(...)} removed: what the values are. */
    public ClickHouseType valueType() {
        if ((name.equals("Nullable") || name.equals("LowCardinality")) && arguments.size() == 1
                && arguments.get(0) instanceof TypeArgument wrapped) {
            return wrapped.type().valueType();
        }
        return this;
    }

    /** Whether {@code Nullable(...)} wraps the value type at any depth of wrappers. */
    public boolean acceptsNull() {
        ClickHouseType type = this;
        while (type.arguments.size() == 1 && type.arguments.get(0) instanceof TypeArgument wrapped
                && (type.name.equals("Nullable") || type.name.equals("LowCardinality"))) {
            if (type.isNullable()) {
                return true;
            }
            type = wrapped.type();
        }
        return false;
    }

    public List<ClickHouseType> typeArguments() {
        return arguments.stream()
                .filter(TypeArgument.class::isInstance)
                .map(argument -> ((TypeArgument) argument).type())
                .toList();
    }

    public List<String> literalArguments() {
        return arguments.stream()
                .filter(LiteralArgument.class::isInstance)
                .map(argument -> ((LiteralArgument) argument).text())
                .toList();
    }

    @Override
    public String toString() {
        if (arguments.isEmpty()) {
            return name;
        }
        return name + arguments.stream().map(ClickHouseType::render).collect(Collectors.joining(", ", "(", ")"));
    }

    private static String render(Argument argument) {
        if (argument instanceof LiteralArgument literal && !literal.text().matches("-?[0-9.]+|.*=.*")) {
            return "'" + literal.text().replace("'", "\\'") + "'";
        }
        return argument.toString();
    }

    /** Recursive descent over {@code type := name ['(' argument {',' argument} ')']}. */
    private static final class Parser {
        private final String text;
        private int position;

        Parser(String text) {
            this.text = text;
        }

        ClickHouseType type() {
            skipSpaces();
            String name = identifier();
            skipSpaces();
            List<Argument> arguments = new ArrayList<>();
            if (peek() == '(') {
                position++;
                skipSpaces();
                if (peek() != ')') {
                    do {
                        arguments.add(argument());
                        skipSpaces();
                    } while (consume(','));
                }
                expect(')');
            }
            return new ClickHouseType(name, arguments);
        }

        private Argument argument() {
            skipSpaces();
            char next = peek();
            if (next == '\'' || next == '"') {
                String literal = quoted(next);
                skipSpaces();
                if (consume('=')) {
                    skipSpaces();
                    return new LiteralArgument("'" + literal + "' = " + number());
                }
                return new LiteralArgument(literal);
            }
            if (next == '-' || Character.isDigit(next)) {
                return new LiteralArgument(number());
            }
            int start = position;
            String first = identifier();
            skipSpaces();
            if (Character.isLetter(peek()) || peek() == '_' || peek() == '`') {
                // "name Type": a named Tuple or Nested element.
                return new TypeArgument(unquote(first), type());
            }
            position = start;
            return new TypeArgument(null, type());
        }

        private String identifier() {
            if (peek() == '`') {
                return "`" + quoted('`') + "`";
            }
            int start = position;
            while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '_')) {
                position++;
            }
            if (start == position) {
                throw error(atEnd() ? "a type name is missing" : "expected a type name, found '" + peek() + "'");
            }
            return text.substring(start, position);
        }

        private String number() {
            int start = position;
            if (peek() == '-') {
                position++;
            }
            while (!atEnd() && (Character.isDigit(peek()) || peek() == '.')) {
                position++;
            }
            if (start == position) {
                throw error("expected a number");
            }
            return text.substring(start, position);
        }

        private String quoted(char quote) {
            position++;
            StringBuilder value = new StringBuilder();
            while (!atEnd() && peek() != quote) {
                if (peek() == '\\' && position + 1 < text.length()) {
                    position++;
                }
                value.append(text.charAt(position++));
            }
            expect(quote);
            return value.toString();
        }

        private static String unquote(String identifier) {
            return identifier.startsWith("`") ? identifier.substring(1, identifier.length() - 1) : identifier;
        }

        void skipSpaces() {
            while (!atEnd() && Character.isWhitespace(peek())) {
                position++;
            }
        }

        private boolean consume(char wanted) {
            skipSpaces();
            if (peek() == wanted) {
                position++;
                return true;
            }
            return false;
        }

        private void expect(char wanted) {
            if (!consume(wanted)) {
                throw error(atEnd() ? "expected '" + wanted + "' at the end" : "expected '" + wanted + "', found '" + peek() + "'");
            }
        }

        boolean atEnd() {
            return position >= text.length();
        }

        String rest() {
            return text.substring(position);
        }

        private char peek() {
            return atEnd() ? '\0' : text.charAt(position);
        }

        IllegalArgumentException error(String message) {
            return new IllegalArgumentException("invalid type '" + text + "': " + message + " (at character " + (position + 1) + ")");
        }
    }
}
