package dev.pipit.scheduler.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ValueConverterTest {
    @Test
    void rejectsWithTinybirdsMessage() {
        assertRejected("amount", "Int32", "abc", "value 'abc' on column 'amount' is not Int32");
        assertRejected("abslevel", "Float32", "", "value '' on column 'abslevel' is not Float32");
        assertRejected("n", "Nullable(Int32)", "x", "value 'x' on column 'n' is not Int32");
    }

    @Test
    void rejectsTextHoldingANulCharacterOnEveryDatabase() {
        String message = "value on column 'name' holds a NUL character (U+0000), which database text cannot store";
        assertRejected("name", "String", "te\0n", message);
        assertRejected("name", "Array(String)", "[\"a\", \"b\\u0000\"]", message);
    }

    @Test
    void checksIntegerRanges() throws Exception {
        assertThat(convert("UInt8", "255")).isEqualTo((short) 255);
        assertRejected("c", "UInt8", "256", "value '256' on column 'c' is not UInt8");
        assertRejected("c", "UInt8", "-1", "value '-1' on column 'c' is not UInt8");
        assertRejected("c", "Int8", "128", "value '128' on column 'c' is not Int8");
        assertRejected("c", "Int32", "1.0", "value '1.0' on column 'c' is not Int32");
        assertRejected("c", "UInt64", "18446744073709551616", "value '18446744073709551616' on column 'c' is not UInt64");
        assertThat(convert("Int32", " +42 ")).isEqualTo(42);
        assertThat(convert("Int64", 5L)).isEqualTo(5L);
        assertThat(convert("Int16", 3.0)).isEqualTo((short) 3);
        assertRejected("c", "Int16", 3.5, "value '3.5' on column 'c' is not Int16");
        assertRejected("c", "Int32", true, "value 'true' on column 'c' is not Int32");
    }

    @Test
    void readsPlainIntegerTextAtTheEdgesOfLong() throws Exception {
        assertThat(convert("Int64", "-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(convert("Int64", "9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertRejected("c", "Int64", "9223372036854775808", "value '9223372036854775808' on column 'c' is not Int64");
        assertThat(convert("UInt32", "4294967295")).isEqualTo(4294967295L);
        assertRejected("c", "UInt32", "4294967296", "value '4294967296' on column 'c' is not UInt32");
        assertThat(convert("Int16", "-007")).isEqualTo((short) -7);
        assertRejected("c", "Int8", "-", "value '-' on column 'c' is not Int8");
    }

    @Test
    void readsFloatsAndDecimals() throws Exception {
        assertThat(convert("Float64", "1e3")).isEqualTo(1000.0);
        assertThat(convert("Float64", "nan")).isEqualTo(Double.NaN);
        assertThat(convert("Float64", "-inf")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(convert("Float32", 0.5)).isEqualTo(0.5f);
        assertRejected("c", "Float64", "1.5d", "value '1.5d' on column 'c' is not Float64");
        assertThat(convert("Float64", "-12.50")).isEqualTo(-12.5);
        assertThat(convert("Float64", "5.")).isEqualTo(5.0);
        assertThat(convert("Float64", ".5")).isEqualTo(0.5);
        assertThat(convert("Float64", " 2.5 ")).isEqualTo(2.5);
        assertRejected("c", "Float64", "+.", "value '+.' on column 'c' is not Float64");
        assertRejected("c", "Float64", "0x1p3", "value '0x1p3' on column 'c' is not Float64");
        assertThat(convert("Decimal(5, 2)", "1.239")).isEqualTo(new BigDecimal("1.23"));
        assertThat(convert("Decimal(5, 2)", 7L)).isEqualTo(new BigDecimal("7.00"));
        assertRejected("c", "Decimal(5, 2)", "1234.5", "value '1234.5' on column 'c' is not Decimal(5, 2)");
    }

    @Test
    void storesObjectsAndArraysFromTypedFormatsInStringColumnsAsJsonText() throws Exception {
        Map<String, Object> visitor = new LinkedHashMap<>();
        visitor.put("id", "v1");
        visitor.put("score", new BigDecimal("0.10"));
        visitor.put("tags", List.of("a", 1L, true));

        assertThat(convert("String", visitor)).isEqualTo("{\"id\":\"v1\",\"score\":0.10,\"tags\":[\"a\",1,true]}");
        assertThat(convert("Nullable(String)", List.of())).isEqualTo("[]");
        assertThat(convert("String", 42L)).isEqualTo("42");
    }

    @Test
    void readsBooleans() throws Exception {
        assertThat(convert("Bool", "TRUE")).isEqualTo(true);
        assertThat(convert("Bool", "1")).isEqualTo(true);
        assertThat(convert("Bool", "False")).isEqualTo(false);
        assertThat(convert("Bool", "0")).isEqualTo(false);
        assertThat(convert("Bool", false)).isEqualTo(false);
        for (String yes : List.of("t", "Yes", "Y", "on", "Enable", "ENABLED")) {
            assertThat(convert("Bool", yes)).as(yes).isEqualTo(true);
        }
        for (String no : List.of("F", "no", "n", "Off", "disable", "Disabled")) {
            assertThat(convert("Bool", no)).as(no).isEqualTo(false);
        }
        assertRejected("c", "Bool", "si", "value 'si' on column 'c' is not Bool");
        assertRejected("c", "Bool", "2", "value '2' on column 'c' is not Bool");
    }

    @Test
    void treatsAnEmptyStringByType() throws Exception {
        assertThat(convert("Nullable(Int32)", "")).isNull();
        assertThat(convert("Nullable(String)", "")).isNull();
        assertThat(convert("String", "")).isEqualTo("");
        assertThat(convert("LowCardinality(String)", "")).isEqualTo("");
        assertRejected("d", "Date", "", "value '' on column 'd' is not Date");
        assertRejected("a", "Array(Int32)", "", "value '' on column 'a' is not Array(Int32)");
    }

    @Test
    void readsDates() throws Exception {
        assertThat(convert("Date", "2024-05-01")).isEqualTo(LocalDate.of(2024, 5, 1));
        assertThat(convert("Date32", LocalDate.of(1900, 1, 1))).isEqualTo(LocalDate.of(1900, 1, 1));
        assertRejected("d", "Date", "2024-02-30", "value '2024-02-30' on column 'd' is not Date");
    }

    /**
     * ClickHouse's text formats read a month and a day of one digit, any separator that is not a digit, and
     * {@code YYYYMMDD} ({@code readDateTextImpl}); a date-time's date takes any separator too.
     */
    @Test
    void readsTheDateFormsClickHouseReads() throws Exception {
        LocalDate mayDay = LocalDate.of(2024, 5, 1);
        for (String text : List.of("2024-5-1", "2024/05/01", "2024.5.01", "2024 05 1", "20240501")) {
            assertThat(convert("Date", text)).as(text).isEqualTo(mayDay);
        }
        assertThat(convert("DateTime", "2024/5/1")).isEqualTo(OffsetDateTime.parse("2024-05-01T00:00:00Z"));
        assertThat(convert("DateTime", "2024/05/01 10:00:00")).isEqualTo(OffsetDateTime.parse("2024-05-01T10:00:00Z"));
        assertThat(convert("DateTime64(3)", "2024.05.01T10:00:00.5+02:00"))
                .isEqualTo(OffsetDateTime.parse("2024-05-01T08:00:00.500Z"));
        for (String text : List.of("2024-05", "24-05-01", "2024--05-01", "2024-005-01", "2024050", "2024-13-01")) {
            assertRejected("d", "Date", text, "value '" + text + "' on column 'd' is not Date");
        }
    }

    @Test
    void readsDateTimesInEveryAcceptedForm() throws Exception {
        OffsetDateTime ten = OffsetDateTime.parse("2024-05-01T10:00:00Z");
        assertThat(convert("DateTime", "2024-05-01 10:00:00")).isEqualTo(ten);
        assertThat(convert("DateTime", "2024-05-01T10:00:00")).isEqualTo(ten);
        assertThat(convert("DateTime", "2024-05-01T10:00:00Z")).isEqualTo(ten);
        assertThat(convert("DateTime", "2024-05-01T12:00:00+02:00")).isEqualTo(ten);
        assertThat(convert("DateTime", "2024-05-01 12:00:00+0200")).isEqualTo(ten);
        assertThat(convert("DateTime", "1714557600")).isEqualTo(ten);
        assertThat(convert("DateTime", 1714557600L)).isEqualTo(ten);
        assertThat(convert("DateTime", Instant.parse("2024-05-01T10:00:00.9Z"))).isEqualTo(ten);
        assertThat(convert("DateTime('Europe/Madrid')", "2024-05-01 12:00:00")).isEqualTo(ten);
        assertThat(convert("DateTime('Europe/Madrid')", LocalDateTime.of(2024, 5, 1, 12, 0))).isEqualTo(ten);
        assertThat(convert("DateTime64(3)", "2024-05-01 10:00:00.123789"))
                .isEqualTo(OffsetDateTime.parse("2024-05-01T10:00:00.123Z"));
        assertThat(convert("DateTime64(3, 'UTC')", "1714557600.5"))
                .isEqualTo(OffsetDateTime.parse("2024-05-01T10:00:00.500Z"));
        assertRejected("t", "DateTime", "01/05/2024 10:00", "value '01/05/2024 10:00' on column 't' is not DateTime");
        assertRejected("t", "DateTime64(3)", "2024-05-01 25:00:00",
                "value '2024-05-01 25:00:00' on column 't' is not DateTime64(3)");
    }

    /**
     * ClickHouse reads an integer past 2300-01-01 in seconds (10413792000) as ticks of a DateTime64's precision, so
     * epoch milliseconds, as most event producers write them, land at their time; smaller integers and numbers with
     * a fraction are seconds (ClickHouse's {@code readDateTimeTextImpl}).
     */
    @Test
    void readsEpochTicksOfTheColumnsPrecisionAsClickHouseDoes() throws Exception {
        OffsetDateTime ten = OffsetDateTime.parse("2024-05-01T10:00:00.123Z");
        assertThat(convert("DateTime64(3)", 1714557600123L)).isEqualTo(ten);
        assertThat(convert("DateTime64(3)", "1714557600123")).isEqualTo(ten);
        assertThat(convert("DateTime64(6)", 1714557600123456L))
                .isEqualTo(OffsetDateTime.parse("2024-05-01T10:00:00.123456Z"));
        assertThat(convert("DateTime64(9)", 1714557600123456789L)).as("nanoseconds, stored to the microsecond")
                .isEqualTo(OffsetDateTime.parse("2024-05-01T10:00:00.123456Z"));
        assertThat(convert("DateTime64(3)", 1714557600L)).as("seconds below the threshold")
                .isEqualTo(OffsetDateTime.parse("2024-05-01T10:00:00Z"));
        assertThat(convert("DateTime64(3)", new BigDecimal("1714557600.123"))).isEqualTo(ten);
        assertThat(convert("DateTime64(3)", 10413792000L)).as("the threshold itself is ticks")
                .isEqualTo(OffsetDateTime.parse("1970-05-01T12:43:12Z"));
        assertThat(convert("DateTime64(0)", 1714557600L)).isEqualTo(OffsetDateTime.parse("2024-05-01T10:00:00Z"));
    }

    /**
     * The ranges ClickHouse's types hold, both ends: a value past them is refused rather than stored, since
     * ClickHouse would clamp or wrap it and it is most often a number in the wrong unit.
     */
    @Test
    void refusesTimesOutsideTheirTypesRange() throws Exception {
        assertThat(convert("Date", "1970-01-01")).isEqualTo(LocalDate.of(1970, 1, 1));
        assertThat(convert("Date", "2149-06-06")).isEqualTo(LocalDate.of(2149, 6, 6));
        assertOutOfRange("Date", "1969-12-31");
        assertOutOfRange("Date", "2149-06-07");
        assertThat(convert("Date32", "2299-12-31")).isEqualTo(LocalDate.of(2299, 12, 31));
        assertOutOfRange("Date32", "1899-12-31");
        assertRejected("d", "Array(Date)", List.of("2024-05-01", "1965-03-02"),
                "value '[\"2024-05-01\",\"1965-03-02\"]' on column 'd' is not Array(Date)");

        assertThat(convert("DateTime", "2106-02-07 06:28:15")).isEqualTo(OffsetDateTime.parse("2106-02-07T06:28:15Z"));
        assertOutOfRange("DateTime", "2106-02-07 06:28:16");
        assertOutOfRange("DateTime", "1969-12-31 23:59:59");
        assertOutOfRange("DateTime('Europe/Madrid')", "1970-01-01 00:30:00");
        assertOutOfRange("DateTime", 1761991202000L);
        assertOutOfRange("DateTime", "99999999999999999999");

        assertThat(convert("DateTime64(3)", "1900-01-01 00:00:00")).isEqualTo(OffsetDateTime.parse("1900-01-01T00:00Z"));
        assertThat(convert("DateTime64(6)", "9999-12-31 23:59:59.999999"))
                .isEqualTo(OffsetDateTime.parse("9999-12-31T23:59:59.999999Z"));
        assertOutOfRange("DateTime64(3)", 1761991202000000L);
        assertThat(convert("DateTime64(9)", "2262-04-11 23:47:16")).isEqualTo(OffsetDateTime.parse("2262-04-11T23:47:16Z"));
        assertOutOfRange("DateTime64(9)", "2262-04-11 23:47:17");
        assertOutOfRange("DateTime64(9)", "1677-09-21 00:12:43");
    }

    @Test
    void readsTextTypes() throws Exception {
        assertThat(convert("String", 12L)).isEqualTo("12");
        assertThat(convert("String", new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(convert("String", Map.of("a", 1))).isEqualTo("{\"a\":1}");
        assertThat(convert("FixedString(2)", "ab")).isEqualTo("ab");
        assertRejected("c", "FixedString(2)", "abc", "value 'abc' on column 'c' is not FixedString(2)");
        assertThat(convert("Enum8('a' = 1, 'b' = 2)", "a")).isEqualTo("a");
        assertThat(convert("Enum8('a' = 1, 'b' = 2)", 2L)).isEqualTo("b");
        assertRejected("c", "Enum8('a' = 1, 'b' = 2)", "c", "value 'c' on column 'c' is not Enum8('a' = 1, 'b' = 2)");
        assertThat(convert("IPv4", "192.168.0.1")).isEqualTo("192.168.0.1");
        assertRejected("ip", "IPv4", "256.0.0.1", "value '256.0.0.1' on column 'ip' is not IPv4");
        assertThat(convert("IPv6", "::1")).isEqualTo("::1");
        assertThat(convert("IPv6", "10.0.0.1")).isEqualTo("10.0.0.1");
        assertRejected("ip", "IPv6", "abc", "value 'abc' on column 'ip' is not IPv6");
        assertRejected("ip", "IPv6", "1:2:3:4:5:6:7:8:9", "value '1:2:3:4:5:6:7:8:9' on column 'ip' is not IPv6");
    }

    @Test
    void readsUuidsWithAndWithoutDashesAsClickHouseDoes() throws Exception {
        UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        assertThat(convert("UUID", "123E4567-E89B-12D3-A456-426614174000")).isEqualTo(id);
        assertThat(convert("UUID", id)).isEqualTo(id);
        assertThat(convert("UUID", "123e4567e89b12d3a456426614174000")).isEqualTo(id);
        assertThat(convert("UUID", "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF")).isEqualTo(new UUID(-1, -1));
        assertRejected("u", "UUID", "123e4567e89b12d3a45642661417400",
                "value '123e4567e89b12d3a45642661417400' on column 'u' is not UUID");
        assertRejected("u", "UUID", "123e4567-e89b12d3-a456-426614174000",
                "value '123e4567-e89b12d3-a456-426614174000' on column 'u' is not UUID");
    }

    @Test
    void readsArraysFromJsonTextOrLists() throws Exception {
        assertThat((Object[]) convert("Array(Int32)", "[1, 2]")).containsExactly(1, 2);
        assertThat((Object[]) convert("Array(String)", "['a', 'b']")).containsExactly("a", "b");
        assertThat((Object[]) convert("Array(Date)", List.of("2024-05-01"))).containsExactly(LocalDate.of(2024, 5, 1));
        assertThat((Object[]) convert("Array(Nullable(Int8))", "[1, null]")).containsExactly((short) 1, null);
        assertRejected("a", "Array(Int32)", "[1, \"x\"]", "value '[1, \"x\"]' on column 'a' is not Array(Int32)");
        assertRejected("a", "Array(Int32)", "[1, null]", "value '[1, null]' on column 'a' is not Array(Int32)");
        assertRejected("a", "Array(Int32)", List.of(1, 300000000000L),
                "value '[1,300000000000]' on column 'a' is not Array(Int32)");
    }

    @Test
    void writesJsonTypesAsCompactJson() throws Exception {
        assertThat(convert("JSON", "{ \"a\" : [1, 2] }")).isEqualTo("{\"a\":[1,2]}");
        assertThat(convert("Map(String, Int32)", Map.of("k", 1))).isEqualTo("{\"k\":1}");
        assertThat(convert("Array(Array(Int32))", List.of(List.of(1), List.of()))).isEqualTo("[[1],[]]");
        assertThat(convert("Tuple(Int32, String)", "[1, \"x\"]")).isEqualTo("[1,\"x\"]");
        assertRejected("j", "JSON", "{broken", "value '{broken' on column 'j' is not JSON");
        assertRejected("m", "Map(String, Int32)", "[1]", "value '[1]' on column 'm' is not Map(String, Int32)");
    }

    @Test
    void fillsAMissingValueWithTheTypesDefault() throws Exception {
        assertThat(convert("Int32", null)).isEqualTo(0);
        assertThat(convert("UInt64", null)).isEqualTo(BigDecimal.ZERO);
        assertThat(convert("Float64", null)).isEqualTo(0.0);
        assertThat(convert("Decimal(5, 2)", null)).isEqualTo(new BigDecimal("0.00"));
        assertThat(convert("String", null)).isEqualTo("");
        assertThat(convert("Bool", null)).isEqualTo(false);
        assertThat(convert("Date", null)).isEqualTo(LocalDate.of(1970, 1, 1));
        assertThat(convert("DateTime64(3)", null)).isEqualTo(OffsetDateTime.parse("1970-01-01T00:00:00Z"));
        assertThat(convert("UUID", null)).isEqualTo(new UUID(0, 0));
        assertThat(convert("Enum8('b' = 2, 'a' = 1)", null)).isEqualTo("b");
        assertThat((Object[]) convert("Array(Int32)", null)).isEmpty();
        assertThat(convert("Map(String, String)", null)).isEqualTo("{}");
        assertThat(convert("Nullable(Int32)", null)).isNull();
    }

    @Test
    void fillsAMissingValueWithALiteralDefault() throws Exception {
        assertThat(convert("String", "'new'", null)).isEqualTo("new");
        assertThat(convert("String", "'it\\'s'", null)).isEqualTo("it's");
        assertThat(convert("Int32", "0", null)).isEqualTo(0);
        assertThat(convert("Nullable(Int32)", "7", null)).isEqualTo(7);
        assertThat(convert("Bool", "true", null)).isEqualTo(true);
        OffsetDateTime now = (OffsetDateTime) convert("DateTime", "now()", null);
        assertThat(now.toInstant()).isCloseTo(Instant.now(), within(5, ChronoUnit.SECONDS));
        assertThat(convert("Date", "toDate(created_at)", null)).isNull();
        assertThat(convert("String", "'new'", "given")).isEqualTo("given");
    }

    @Test
    void rejectsADefaultThatDoesNotFitItsColumn() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ValueConverter.forColumn(new ColumnSpec("n", ClickHouseType.parse("Int32"), "'abc'")))
                .withMessage("DEFAULT abc of column 'n' is not Int32");
    }

    @Test
    void rejectsTypesItCannotStore() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ValueConverter.forColumn(
                        new ColumnSpec("s", ClickHouseType.parse("AggregateFunction(sum, UInt64)"), null)))
                .withMessage("type AggregateFunction(sum, UInt64) is not supported for data sources Pipit feeds");
    }

    private static Object convert(String type, Object value) throws InvalidValueException {
        return convert(type, null, value);
    }

    private static Object convert(String type, String defaultExpression, Object value) throws InvalidValueException {
        return ValueConverter.forColumn(new ColumnSpec("c", ClickHouseType.parse(type), defaultExpression)).convert(value);
    }

    private static void assertOutOfRange(String type, Object value) {
        assertRejected("t", type, value, "value '" + value + "' on column 't' is not " + type);
    }

    private static void assertRejected(String column, String type, Object value, String message) {
        ValueConverter converter = ValueConverter.forColumn(new ColumnSpec(column, ClickHouseType.parse(type), null));
        assertThatExceptionOfType(InvalidValueException.class)
                .isThrownBy(() -> converter.convert(value))
                .withMessage(message)
                .satisfies(e -> assertThat(e.column()).isEqualTo(column));
    }
}
