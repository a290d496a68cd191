package dev.pipit.scheduler.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.scheduler.catalog.SqlColumnType.Kind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The exact CSV text COPY receives; TypeMapTest proves on a real PostgreSQL that it reads back as written. */
class CopyTextTest {
    @Test
    void quotesEveryValueSoThatOnlyAnEmptyFieldIsNull() {
        assertThat(field(Kind.SCALAR, null)).isEmpty();
        assertThat(field(Kind.SCALAR, "")).isEqualTo("\"\"");
        assertThat(field(Kind.SCALAR, "a,b")).isEqualTo("\"a,b\"");
        assertThat(field(Kind.SCALAR, "say \"hi\"\nbye")).isEqualTo("\"say \"\"hi\"\"\nbye\"");
        assertThat(field(Kind.SCALAR, "\\N")).isEqualTo("\"\\N\"");
    }

    @Test
    void writesScalarsAsPostgresqlReadsThem() {
        assertThat(field(Kind.SCALAR, OffsetDateTime.parse("2024-05-01T10:00:00.5Z")))
                .isEqualTo("\"2024-05-01 10:00:00.500000+00:00\"");
        assertThat(field(Kind.SCALAR, new BigDecimal("1E+3"))).isEqualTo("\"1000\"");
        assertThat(field(Kind.SCALAR, Double.NaN)).isEqualTo("\"NaN\"");
        assertThat(field(Kind.SCALAR, Double.NEGATIVE_INFINITY)).isEqualTo("\"-Infinity\"");
        assertThat(field(Kind.SCALAR, LocalDate.of(2024, 2, 29))).isEqualTo("\"2024-02-29\"");
        assertThat(field(Kind.SCALAR, true)).isEqualTo("\"true\"");
        assertThat(field(Kind.SCALAR, UUID.fromString("123e4567-e89b-12d3-a456-426614174000")))
                .isEqualTo("\"123e4567-e89b-12d3-a456-426614174000\"");
    }

    @Test
    void writesArraysAsQuotedArrayLiterals() {
        assertThat(field(Kind.ARRAY, new Object[] {})).isEqualTo("\"{}\"");
        assertThat(field(Kind.ARRAY, new Object[] {1, null, 3})).isEqualTo("\"{\"\"1\"\",NULL,\"\"3\"\"}\"");
        // Inside the literal: the string "NULL" stays a string, quotes and backslashes are escaped with a backslash.
        assertThat(field(Kind.ARRAY, new Object[] {"NULL", "a\"b", "c\\d", "{e},f"}))
                .isEqualTo("\"{\"\"NULL\"\",\"\"a\\\"\"b\"\",\"\"c\\\\d\"\",\"\"{e},f\"\"}\"");
        assertThat(field(Kind.ARRAY, new Object[] {OffsetDateTime.parse("2024-05-01T10:00:00Z")}))
                .isEqualTo("\"{\"\"2024-05-01 10:00:00.000000+00:00\"\"}\"");
    }

    @Test
    void writesJsonTextAsItIs() {
        assertThat(field(Kind.JSON, "{\"a\":\"x\\\"y\"}")).isEqualTo("\"{\"\"a\"\":\"\"x\\\"\"y\"\"}\"");
    }

    private static String field(Kind kind, Object value) {
        StringBuilder out = new StringBuilder();
        CopyText.appendField(out, kind, value);
        return out.toString();
    }
}
