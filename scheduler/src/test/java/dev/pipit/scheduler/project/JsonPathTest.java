package dev.pipit.scheduler.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.pipit.spi.format.SourceRow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonPathTest {
    private static final SourceRow RECORD = new MapRecord(Map.of(
            "visitor", Map.of("id", "v1", "tags", List.of("a", "b")),
            "items", List.of(Map.of("sku", "x"), Map.of("sku", "y")),
            "odd key", 7L));

    @Test
    void followsNamesIndexesAndAllElements() {
        assertThat(evaluate("$.visitor.id")).isEqualTo("v1");
        assertThat(evaluate("$.visitor.tags[1]")).isEqualTo("b");
        assertThat(evaluate("$.visitor.tags[:]")).isEqualTo(List.of("a", "b"));
        assertThat(evaluate("$.items[:].sku")).isEqualTo(List.of("x", "y"));
        assertThat(evaluate("$['odd key']")).isEqualTo(7L);
        assertThat(JsonPath.parse("$").evaluate(RECORD)).isEqualTo("{raw}");
    }

    @Test
    void aPathThatLeadsNowhereGivesNull() {
        assertThat(evaluate("$.visitor.missing")).isNull();
        assertThat(evaluate("$.visitor.tags[5]")).isNull();
        assertThat(evaluate("$.visitor.id.deeper")).isNull();
        assertThat(evaluate("$.nothing")).isNull();
    }

    @Test
    void badPathsSayWhatToWrite() {
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> JsonPath.parse("visitor.id"))
                .withMessageContaining("starts with $");
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> JsonPath.parse("$.a[x]"))
                .withMessageContaining("write [0], [:] or ['name']");
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> JsonPath.parse("$.a[0"))
                .withMessageContaining("unclosed '['");
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> JsonPath.parse("$..a"))
                .withMessageContaining("empty name");
    }

    @Test
    void aColumnWithoutMappingReadsItsOwnName() {
        assertThat(JsonPath.ofColumn("visitor").rootField()).isEqualTo("visitor");
        assertThat(JsonPath.parse("$.visitor.id").rootField()).isEqualTo("visitor");
        assertThat(JsonPath.parse("$").rootField()).isNull();
    }

    private static Object evaluate(String path) {
        return JsonPath.parse(path).evaluate(RECORD);
    }

    /** A record of named fields, as NDJSON or Parquet give them. */
    private record MapRecord(Map<String, Object> fields) implements SourceRow {
        @Override
        public int fieldCount() {
            return fields.size();
        }

        @Override
        public Object field(int index) {
            return null;
        }

        @Override
        public Object field(String name) {
            return fields.get(name);
        }

        @Override
        public long line() {
            return 1;
        }

        @Override
        public String rawText() {
            return "{raw}";
        }
    }
}
