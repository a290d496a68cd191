package dev.pipit.scheduler.catalog;

import static java.util.Map.entry;
import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.catalog.SqlColumnType.Kind;
import dev.pipit.scheduler.db.Dialect;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How each ClickHouse type of a datafile is stored in SQL: the one table of the type mapping, with a column per
 * dialect. Values are kept exact: unsigned and wide integers become {@code numeric} when no SQL integer holds
 * their range, and composite types that SQL has no column for become JSON.
 */
public final class TypeMap {
    /** A type's column type in H2 and PostgreSQL, and PostgreSQL's catalog name for it (as an array element too). */
    private record Row(String h2, String postgresql, String postgresName) {}

    private static final Row TEXT = new Row("varchar", "varchar", "varchar");
    private static final Row SMALLINT = new Row("smallint", "smallint", "int2");
    private static final Row INTEGER = new Row("integer", "integer", "int4");
    private static final Row BIGINT = new Row("bigint", "bigint", "int8");
    private static final Row BOOLEAN = new Row("boolean", "boolean", "bool");
    private static final Row DATE = new Row("date", "date", "date");

    // Text has no length: H2's varchar holds up to 1,000,000 characters and PostgreSQL's is unbounded.
    private static final Map<String, Row> SCALARS = Map.ofEntries(
            entry("String", TEXT),
            entry("FixedString", TEXT),
            entry("Enum8", TEXT),
            entry("Enum16", TEXT),
            entry("IPv4", TEXT),
            entry("IPv6", TEXT),
            entry("Int8", SMALLINT),
            entry("Int16", SMALLINT),
            entry("UInt8", SMALLINT),
            entry("Int32", INTEGER),
            entry("UInt16", INTEGER),
            entry("Int64", BIGINT),
            entry("UInt32", BIGINT),
            entry("UInt64", numeric(20, 0)),
            entry("Int128", numeric(39, 0)),
            entry("UInt128", numeric(39, 0)),
            entry("Int256", numeric(77, 0)),
            entry("UInt256", numeric(78, 0)),
            entry("Float32", new Row("real", "real", "float4")),
            entry("Float64", new Row("double precision", "double precision", "float8")),
            entry("Bool", BOOLEAN),
            entry("Boolean", BOOLEAN),
            entry("Date", DATE),
            entry("Date32", DATE),
            entry("UUID", new Row("uuid", "uuid", "uuid")));

    /** Precision of {@code Decimal32(S)} and its siblings, which take only the scale. */
    private static final Map<String, Integer> DECIMAL_PRECISION = Map.of(
            "Decimal32", 9, "Decimal64", 18, "Decimal128", 38, "Decimal256", 76);

    /** Types stored as JSON text; {@code Array} joins them when its elements are not scalars. */
    private static final Set<String> JSON_TYPES = Set.of("Map", "Tuple", "JSON", "Nested", "Object");

    private static final Row JSON = new Row("JSON", "jsonb", "jsonb");

    private TypeMap() {}

    /** Whether Pipit can store the type. */
    public static boolean supports(ClickHouseType type) {
        try {
            sqlType(type, Dialect.POSTGRESQL);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The SQL type for a column of {@code type}. {@code Nullable} and {@code LowCardinality} are dropped: every
     * column is nullable in SQL, and low cardinality is a ClickHouse storage detail.
     *
     * @throws IllegalArgumentException naming the type when Pipit cannot store it, or when its arguments are invalid
     */
    public static SqlColumnType sqlType(ClickHouseType type, Dialect dialect) {
        requireNonNull(type, "type is null");
        requireNonNull(dialect, "dialect is null");
        ClickHouseType value = type.valueType();
        if (value.name().equals("Array")) {
            ClickHouseType element = onlyTypeArgument(value).valueType();
            Row row = scalar(element);
            if (row != null) {
                return new SqlColumnType(Kind.ARRAY, dialect.arrayType(ddl(row, dialect)), row.postgresName());
            }
            if (element.name().equals("Array") || JSON_TYPES.contains(element.name())) {
                sqlType(element, dialect); // rejects what cannot be stored at any depth
                return json(dialect);
            }
        } else if (value.name().equals("Object")) {
            if (value.literalArguments().equals(List.of("json"))) {
                return json(dialect);
            }
        } else if (JSON_TYPES.contains(value.name())) {
            return json(dialect);
        } else {
            Row row = scalar(value);
            if (row != null) {
                return new SqlColumnType(Kind.SCALAR, ddl(row, dialect), row.postgresName());
            }
        }
        throw new IllegalArgumentException(
                "type " + type + " is not supported for data sources Pipit feeds");
    }

    /** The row of a scalar type, computing those whose SQL type depends on their arguments; {@code null} if none. */
    private static Row scalar(ClickHouseType type) {
        String name = type.name();
        List<String> arguments = type.literalArguments();
        if (name.equals("Decimal") && arguments.size() == 2) {
            int precision = integer(type, arguments.get(0), 1, 76);
            return numeric(precision, integer(type, arguments.get(1), 0, precision));
        }
        if (DECIMAL_PRECISION.containsKey(name) && arguments.size() == 1) {
            int precision = DECIMAL_PRECISION.get(name);
            return numeric(precision, integer(type, arguments.get(0), 0, precision));
        }
        if (name.equals("DateTime") && arguments.size() <= 1) {
            return timestamp(0);
        }
        if (name.equals("DateTime64") && (arguments.size() == 1 || arguments.size() == 2)) {
            // ClickHouse keeps up to nanoseconds; both databases stop at microseconds.
            return timestamp(Math.min(integer(type, arguments.get(0), 0, 9), 6));
        }
        if (name.equals("FixedString")) {
            if (arguments.size() != 1) {
                return null;
            }
            integer(type, arguments.get(0), 1, Integer.MAX_VALUE);
        }
        return type.arguments().isEmpty() || name.equals("FixedString") || name.startsWith("Enum")
                ? SCALARS.get(name)
                : null;
    }

    private static Row numeric(int precision, int scale) {
        String ddl = "numeric(" + precision + ", " + scale + ")";
        return new Row(ddl, ddl, "numeric");
    }

    private static Row timestamp(int precision) {
        String ddl = "timestamp(" + precision + ") with time zone";
        return new Row(ddl, ddl, "timestamptz");
    }

    private static SqlColumnType json(Dialect dialect) {
        return new SqlColumnType(Kind.JSON, ddl(JSON, dialect), JSON.postgresName());
    }

    private static String ddl(Row row, Dialect dialect) {
        return dialect == Dialect.H2 ? row.h2() : row.postgresql();
    }

    private static ClickHouseType onlyTypeArgument(ClickHouseType type) {
        List<ClickHouseType> arguments = type.typeArguments();
        if (arguments.size() != 1 || type.arguments().size() != 1) {
            throw new IllegalArgumentException("invalid type " + type + ": " + type.name() + " takes one type");
        }
        return arguments.get(0);
    }

    private static int integer(ClickHouseType type, String text, int min, int max) {
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the range
        }
        throw new IllegalArgumentException(
                "invalid type " + type + ": '" + text + "' must be an integer from " + min + " to " + max);
    }
}
