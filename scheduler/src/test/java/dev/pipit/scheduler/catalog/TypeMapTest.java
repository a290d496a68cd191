package dev.pipit.scheduler.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.db.Dialect;
import dev.pipit.scheduler.testutil.TestDatabases;
import dev.pipit.testkit.db.Backend;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every row of the type map: its DDL in both dialects, and a value stored in each database and read back. */
class TypeMapTest {
    /** A type, its column type in H2 and PostgreSQL, a source value, and what reading it back gives. */
    private record Case(String type, String h2, String postgresql, Object source, Object expected) {}

    private static final JsonMapper JSON = new JsonMapper();
    private static final String TIMESTAMPTZ = "timestamp(0) with time zone";

    private static final List<Case> CASES = List.of(
            new Case("String", "varchar", "varchar", "hello", "hello"),
            new Case("LowCardinality(String)", "varchar", "varchar", "x", "x"),
            new Case("FixedString(3)", "varchar", "varchar", "abc", "abc"),
            new Case("Enum8('a' = 1, 'b' = 2)", "varchar", "varchar", "2", "b"),
            new Case("Enum16('x' = 1)", "varchar", "varchar", "x", "x"),
            new Case("IPv4", "varchar", "varchar", "10.0.0.1", "10.0.0.1"),
            new Case("IPv6", "varchar", "varchar", "2001:db8::1", "2001:db8::1"),
            new Case("Int8", "smallint", "smallint", "-128", -128),
            new Case("Int16", "smallint", "smallint", "32767", 32767),
            new Case("UInt8", "smallint", "smallint", "255", 255),
            new Case("Int32", "integer", "integer", "-2147483648", Integer.MIN_VALUE),
            new Case("UInt16", "integer", "integer", "65535", 65535),
            new Case("Int64", "bigint", "bigint", "9223372036854775807", Long.MAX_VALUE),
            new Case("UInt32", "bigint", "bigint", "4294967295", 4294967295L),
            new Case("UInt64", "numeric(20, 0)", "numeric(20, 0)", "18446744073709551615",
                    new BigDecimal("18446744073709551615")),
            new Case("Int128", "numeric(39, 0)", "numeric(39, 0)", power(127).negate().toString(),
                    new BigDecimal(power(127).negate())),
            new Case("UInt128", "numeric(39, 0)", "numeric(39, 0)", power(128).subtract(BigInteger.ONE).toString(),
                    new BigDecimal(power(128).subtract(BigInteger.ONE))),
            new Case("Int256", "numeric(77, 0)", "numeric(77, 0)", power(255).negate().toString(),
                    new BigDecimal(power(255).negate())),
            new Case("UInt256", "numeric(78, 0)", "numeric(78, 0)", power(256).subtract(BigInteger.ONE).toString(),
                    new BigDecimal(power(256).subtract(BigInteger.ONE))),
            new Case("Float32", "real", "real", "1.5", 1.5f),
            new Case("Float64", "double precision", "double precision", "2.25", 2.25),
            new Case("Decimal(10, 2)", "numeric(10, 2)", "numeric(10, 2)", "12345678.91", new BigDecimal("12345678.91")),
            new Case("Decimal32(4)", "numeric(9, 4)", "numeric(9, 4)", "1.2345", new BigDecimal("1.2345")),
            new Case("Decimal64(3)", "numeric(18, 3)", "numeric(18, 3)", "-1.5", new BigDecimal("-1.500")),
            new Case("Decimal128(10)", "numeric(38, 10)", "numeric(38, 10)", "0.1", new BigDecimal("0.1000000000")),
            new Case("Decimal256(20)", "numeric(76, 20)", "numeric(76, 20)", "1", new BigDecimal("1.00000000000000000000")),
            new Case("Bool", "boolean", "boolean", "true", true),
            new Case("Boolean", "boolean", "boolean", "0", false),
            new Case("Date", "date", "date", "2024-02-29", LocalDate.of(2024, 2, 29)),
            new Case("Date32", "date", "date", "1900-01-01", LocalDate.of(1900, 1, 1)),
            new Case("DateTime", TIMESTAMPTZ, TIMESTAMPTZ, "2024-05-01 10:00:00",
                    OffsetDateTime.parse("2024-05-01T10:00:00Z")),
            new Case("DateTime('Europe/Madrid')", TIMESTAMPTZ, TIMESTAMPTZ, "2024-05-01 12:00:00",
                    OffsetDateTime.parse("2024-05-01T10:00:00Z")),
            new Case("DateTime64(3)", "timestamp(3) with time zone", "timestamp(3) with time zone",
                    "2024-05-01 10:00:00.123456", OffsetDateTime.parse("2024-05-01T10:00:00.123Z")),
            new Case("DateTime64(9, 'UTC')", "timestamp(6) with time zone", "timestamp(6) with time zone",
                    "2024-05-01T10:00:00.123456789Z", OffsetDateTime.parse("2024-05-01T10:00:00.123456Z")),
            new Case("UUID", "uuid", "uuid", "123e4567-e89b-12d3-a456-426614174000",
                    UUID.fromString("123e4567-e89b-12d3-a456-426614174000")),
            new Case("Nullable(Int32)", "integer", "integer", null, null),
            new Case("Array(Int32)", "integer ARRAY", "integer[]", "[1,2,3]", "[1, 2, 3]"),
            new Case("Array(String)", "varchar ARRAY", "varchar[]", "['a','b']", "[a, b]"),
            new Case("Array(Nullable(Float64))", "double precision ARRAY", "double precision[]", "[1.5,null]",
                    "[1.5, null]"),
            new Case("Array(UInt64)", "numeric(20, 0) ARRAY", "numeric(20, 0)[]", List.of(1L, 2L), "[1, 2]"),
            new Case("Array(Array(Int32))", "JSON", "jsonb", "[[1],[2,3]]", "[[1],[2,3]]"),
            new Case("Map(String, Int32)", "JSON", "jsonb", "{\"a\": 1}", "{\"a\":1}"),
            new Case("Tuple(a Int32, b String)", "JSON", "jsonb", "{\"a\":1,\"b\":\"x\"}", "{\"a\":1,\"b\":\"x\"}"),
            new Case("JSON", "JSON", "jsonb", "{\"k\":[1,2]}", "{\"k\":[1,2]}"),
            new Case("Nested(a Int32)", "JSON", "jsonb", "[{\"a\":1}]", "[{\"a\":1}]"),
            new Case("Object('json')", "JSON", "jsonb", "{\"x\":1}", "{\"x\":1}"),
            // What a text encoding of the values (PostgreSQL's COPY) could get wrong.
            new Case("String", "varchar", "varchar", "say \"hi\", then\nnew line \\ tab\t",
                    "say \"hi\", then\nnew line \\ tab\t"),
            new Case("String", "varchar", "varchar", "", ""),
            new Case("String", "varchar", "varchar", "\\N", "\\N"),
            new Case("Float64", "double precision", "double precision", "-inf", Double.NEGATIVE_INFINITY),
            new Case("Float32", "real", "real", "nan", Float.NaN),
            new Case("Array(Nullable(String))", "varchar ARRAY", "varchar[]",
                    Arrays.asList("a,b", "\"q\"", "back\\slash", "{brace}", "NULL", "", null),
                    "[a,b, \"q\", back\\slash, {brace}, NULL, , null]"),
            new Case("JSON", "JSON", "jsonb", "{\"s\":\"he said \\\"hi\\\", ok\\n\"}",
                    "{\"s\":\"he said \\\"hi\\\", ok\\n\"}"));

    @Test
    void mapsEveryTypeInBothDialects() {
        for (Case c : CASES) {
            ClickHouseType type = ClickHouseType.parse(c.type());
            assertThat(TypeMap.sqlType(type, Dialect.H2).ddl()).as(c.type()).isEqualTo(c.h2());
            assertThat(TypeMap.sqlType(type, Dialect.POSTGRESQL).ddl()).as(c.type()).isEqualTo(c.postgresql());
            assertThat(TypeMap.supports(type)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void storesAndReadsBackAValueOfEveryType(Backend backend) throws Exception {
        List<ColumnSpec> columns = new ArrayList<>();
        Object[] values = new Object[CASES.size()];
        for (int i = 0; i < CASES.size(); i++) {
            ColumnSpec column = new ColumnSpec("c" + i, ClickHouseType.parse(CASES.get(i).type()), null);
            columns.add(column);
            values[i] = ValueConverter.forColumn(column).convert(CASES.get(i).source());
        }
        try (Database database = TestDatabases.open(backend)) {
            database.jdbi().useTransaction(h -> {
                new TableManager(database.dialect()).ensureTable(h, "all_types", columns);
                try (RowWriter writer = RowWriter.open(h, database.dialect(), "all_types", columns)) {
                    writer.write(values);
                    assertThat(writer.flush()).isEqualTo(1);
                }
            });
            database.jdbi().useHandle(h -> {
                try (ResultSet rs = h.getConnection().createStatement().executeQuery("SELECT * FROM \"all_types\"")) {
                    assertThat(rs.next()).isTrue();
                    for (int i = 0; i < CASES.size(); i++) {
                        Case c = CASES.get(i);
                        assertThat(readBack(rs, i + 1, c.expected())).as(c.type()).isEqualTo(c.expected());
                    }
                }
            });
        }
    }

    @Test
    void rejectsTypesItCannotStore() {
        for (String type : List.of("AggregateFunction(sum, UInt64)", "SimpleAggregateFunction(sum, UInt64)",
                "Array(AggregateFunction(sum, UInt64))", "Object('other')", "Nothing", "Decimal(80, 2)")) {
            assertThat(TypeMap.supports(ClickHouseType.parse(type))).as(type).isFalse();
        }
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TypeMap.sqlType(ClickHouseType.parse("AggregateFunction(sum, UInt64)"), Dialect.H2))
                .withMessage("type AggregateFunction(sum, UInt64) is not supported for data sources Pipit feeds");
    }

    private static Object readBack(ResultSet rs, int column, Object expected) throws Exception {
        if (expected == null) {
            return rs.getObject(column);
        }
        if (expected instanceof String text && (text.startsWith("[") || text.startsWith("{"))) {
            if (rs.getMetaData().getColumnType(column) == Types.ARRAY) {
                Array array = rs.getArray(column);
                return Arrays.deepToString((Object[]) array.getArray());
            }
            // jsonb prints its own spacing and key order: compare the JSON, not the text.
            return JSON.readTree(rs.getString(column)).equals(JSON.readTree(text)) ? text : rs.getString(column);
        }
        if (expected instanceof OffsetDateTime) {
            return rs.getObject(column, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC);
        }
        return rs.getObject(column, expected.getClass());
    }

    private static BigInteger power(int exponent) {
        return BigInteger.TWO.pow(exponent);
    }
}
