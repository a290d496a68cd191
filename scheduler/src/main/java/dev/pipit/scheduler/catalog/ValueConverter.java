package dev.pipit.scheduler.catalog;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.db.Dialect;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts source values for one column into JDBC values, or rejects them with Tinybird's quarantine message.
 *
 * <p>A source value is a {@code String} from text formats (CSV) or a typed value from the others ({@code Long},
 * {@code Double}, {@code BigDecimal}, {@code Boolean}, {@code java.time} values, {@code List}, {@code Map}).
 * {@code null} means missing: the column's DEFAULT when it is a literal, NULL for a {@code Nullable} column or
 * a DEFAULT that is an expression Pipit does not evaluate, and otherwise ClickHouse's default for the type
 * (0, '', 1970-01-01, false, an empty array), as ClickHouse fills a missing value. An empty string is NULL in a
 * {@code Nullable} column, itself in a {@code String} column, and invalid elsewhere.
 *
 * <p>Arrays come out as {@code Object[]} and JSON types as JSON text; {@link RowWriter} binds them.
 */
public final class ValueConverter {
    private static final Set<String> TEXT_TYPES = Set.of("String", "FixedString");
    private static final Set<String> JSON_TYPES = Set.of("Map", "Tuple", "JSON", "Nested", "Object");
    private static final Pattern QUOTED = Pattern.compile("'((?:[^'\\\\]|\\\\.)*)'");
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    /**
     * The text ClickHouse's default for a non-numeric type parses from (numbers default to 0, enums to their first
     * entry). A {@code Tuple} has none here: its default is a tuple of defaults, which NULL represents better
     * than a made-up JSON value.
     */
    private static final Map<String, String> TYPE_DEFAULTS = Map.ofEntries(
            Map.entry("Bool", "false"), Map.entry("Boolean", "false"),
            Map.entry("Date", "1970-01-01"), Map.entry("Date32", "1970-01-01"),
            Map.entry("DateTime", "0"), Map.entry("DateTime64", "0"),
            Map.entry("UUID", "00000000-0000-0000-0000-000000000000"),
            Map.entry("IPv4", "0.0.0.0"), Map.entry("IPv6", "::"),
            Map.entry("String", ""), Map.entry("FixedString", ""),
            Map.entry("Array", "[]"), Map.entry("Nested", "[]"),
            Map.entry("Map", "{}"), Map.entry("JSON", "{}"), Map.entry("Object", "{}"));

    private final String column;
    private final ClickHouseType type;
    private final boolean nullable;
    private final ValueParser parser;
    private final Supplier<Object> missing;

    private ValueConverter(ColumnSpec column) {
        this.column = column.name();
        this.type = column.type().valueType();
        this.nullable = column.nullable();
        this.parser = parser(type);
        this.missing = missingValue(column);
    }

    /**
     * @throws IllegalArgumentException when the column's type is not supported, or its DEFAULT literal does not
     *     fit the type
     */
    public static ValueConverter forColumn(ColumnSpec column) {
        return new ValueConverter(requireNonNull(column, "column is null"));
    }

    /**
     * @param value the source value, or {@code null} when the source has none
     * @return the value to bind, {@code null} for SQL NULL
     * @throws InvalidValueException with the quarantine message when the value does not fit
     */
    public Object convert(Object value) throws InvalidValueException {
        if (value == null) {
            return missing.get();
        }
        if (isEmptyText(value)) {
            if (nullable) {
                return null;
            }
            if (TEXT_TYPES.contains(type.name())) {
                return "";
            }
        }
        Object converted;
        try {
            converted = parser.parse(value);
        } catch (IllegalArgumentException | DateTimeException | ArithmeticException e) {
            throw new InvalidValueException(column,
                    "value '" + ScalarParsers.text(value) + "' on column '" + column + "' is not " + type);
        }
        if (holdsNul(converted)) {
            // PostgreSQL's text types cannot store U+0000 and would fail the whole file; H2 could, but a row must
            // land the same on both databases.
            throw new InvalidValueException(column, "value on column '" + column
                    + "' holds a NUL character (U+0000), which database text cannot store");
        }
        return converted;
    }

    private static boolean isEmptyText(Object value) {
        // String first: a class check, where CharSequence is an interface check on every value of every row.
        return value instanceof String text ? text.isEmpty() : value instanceof CharSequence chars && chars.length() == 0;
    }

    private static boolean holdsNul(Object value) {
        if (value instanceof String text) {
            return text.indexOf('\0') >= 0;
        }
        if (value instanceof Object[] elements) {
            for (Object element : elements) {
                if (holdsNul(element)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static ValueParser parser(ClickHouseType type) {
        TypeMap.sqlType(type, Dialect.POSTGRESQL); // rejects unsupported types by name
        if (type.name().equals("Array")) {
            ClickHouseType element = type.typeArguments().get(0);
            ValueParser scalar = scalarParser(element.valueType());
            return scalar != null ? JsonValues.array(scalar, element.acceptsNull()) : JsonValues.json(type);
        }
        if (JSON_TYPES.contains(type.name())) {
            return JsonValues.json(type);
        }
        return scalarParser(type);
    }

    private static ValueParser scalarParser(ClickHouseType type) {
        ValueParser temporal = TemporalParsers.forType(type);
        return temporal != null ? temporal : ScalarParsers.forType(type);
    }

    /**
     * What a missing value becomes. A literal DEFAULT ({@code 'new'}, {@code 0}, {@code now()}) is parsed once,
     * here, so a DEFAULT that does not fit its type fails when the table is set up rather than on every row.
     */
    private Supplier<Object> missingValue(ColumnSpec spec) {
        String expression = spec.defaultExpression() == null ? null : spec.defaultExpression().trim();
        if (expression != null) {
            if (expression.equalsIgnoreCase("now()")) {
                return () -> parser.parse(Instant.now());
            }
            String literal = literal(expression);
            if (literal == null) {
                return () -> null; // an expression of other columns or functions: left to the database's NULL
            }
            Object value = parseDefault(literal);
            return () -> value;
        }
        if (nullable) {
            return () -> null;
        }
        String typeDefault = typeDefault();
        Object value = typeDefault == null ? null : parseDefault(typeDefault);
        return () -> value;
    }

    private String typeDefault() {
        String name = type.name();
        if (name.startsWith("Enum")) {
            return firstEnumName();
        }
        if (name.contains("Int") || name.startsWith("Decimal") || name.startsWith("Float")) {
            return "0";
        }
        return TYPE_DEFAULTS.get(name);
    }

    /** ClickHouse's default for an enum is its first entry. */
    private String firstEnumName() {
        String first = type.literalArguments().get(0);
        int quote = first.lastIndexOf('\'');
        return first.startsWith("'") && quote > 0 ? first.substring(1, quote) : first;
    }

    private Object parseDefault(String literal) {
        try {
            return parser.parse(literal);
        } catch (IllegalArgumentException | DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException(
                    "DEFAULT " + literal + " of column '" + column + "' is not " + type, e);
        }
    }

    private static String literal(String expression) {
        Matcher quoted = QUOTED.matcher(expression);
        if (quoted.matches()) {
            return quoted.group(1).replaceAll("\\\\(.)", "$1");
        }
        if (NUMBER.matcher(expression).matches() || expression.equalsIgnoreCase("true")
                || expression.equalsIgnoreCase("false")) {
            return expression;
        }
        return null;
    }
}
