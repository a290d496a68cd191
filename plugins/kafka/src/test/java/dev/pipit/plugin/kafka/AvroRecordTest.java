package dev.pipit.plugin.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.testkit.kafka.SchemaRegistryStub;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * An Avro value's members are the values the core would read from the same datum as a JSON message (the values of
 * {@link EveryAvroType#JSON}, read by the NDJSON format): exact integers as {@code Long}, floats as the
 * {@code BigDecimal} of their text, logical types as the text ClickHouse reads, nesting as maps and lists.
 */
class AvroRecordTest {
    private static final int SCHEMA_ID = 41;

    @Test
    void everyAvroTypeIsTheValueItsJsonTextReadsAs() {
        AvroRecord record = record(EveryAvroType.SCHEMA, EveryAvroType.ORDER);

        assertThat(record.error()).isNull();
        assertThat(record.fieldNames()).containsExactlyElementsOf(
                EveryAvroType.SCHEMA.getFields().stream().map(Schema.Field::name).toList());
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("paid", true);
        expected.put("quantity", 3L);
        expected.put("big", 9_007_199_254_740_993L);
        expected.put("ratio", new BigDecimal("0.1"));
        expected.put("price", new BigDecimal("12.5"));
        expected.put("huge", new BigDecimal("1.0E20"));
        expected.put("missing", "nan");
        expected.put("endless", "-inf");
        expected.put("name", "chair \"deluxe\"");
        expected.put("blob", "AQL/");
        expected.put("state", "DONE");
        expected.put("code", "YWI=");
        expected.put("amount", new BigDecimal("-1234.505"));
        expected.put("units", new BigDecimal("123456789012345678901234"));
        expected.put("day", "2024-05-01");
        expected.put("at_ms", "2024-05-01 12:00:00.123");
        expected.put("at_us", "2024-05-01 12:00:00.123456");
        expected.put("at_ns", "2024-05-01 12:00:00.123456789");
        expected.put("before_1970", "1969-12-31 23:59:59.999");
        expected.put("far_future", "+10000-01-01 00:00:00.000");
        expected.put("time_ms", "12:34:56.789");
        expected.put("time_us", "12:34:56.789012");
        expected.put("id", "4c3a1bbb-5e0c-4b6e-9f7e-0d1a2b3c4d5e");
        Map<String, Object> city = new LinkedHashMap<>();
        city.put("city", "Oslo");
        city.put("zip", null);
        expected.put("address", city);
        expected.put("note", "fragile");
        expected.put("tags", List.of("a", "b"));
        expected.put("scores", Map.of("x", 7L));
        for (Map.Entry<String, Object> field : expected.entrySet()) {
            Object value = record.field(field.getKey());
            assertThat(value).as(field.getKey()).isEqualTo(field.getValue());
            if (value != null && !(value instanceof Map || value instanceof List)) {
                assertThat(value.getClass()).as("the type of " + field.getKey())
                        .isEqualTo(field.getValue().getClass());
            }
        }
        assertThat(record.field(2)).isEqualTo(9_007_199_254_740_993L);
        assertThat(record.rawText()).isEqualTo(EveryAvroType.JSON);
    }

    @Test
    void aValueThatIsNoRecordSaysSoAsAJsonMessageWould() {
        Schema number = Schema.create(Schema.Type.LONG);

        AvroRecord record = record(number, 5L);

        assertThat(record.error()).isEqualTo("expected a JSON object, found a number");
        assertThat(record.fieldCount()).isZero();
        assertThat(record.rawText()).isEqualTo("5");
    }

    @Test
    void corruptBytesSayWhichSchemaTheyFailed() {
        Schema schema = SchemaBuilder.record("Click").fields().requiredLong("id").requiredString("page").endRecord();
        GenericRecord click = new GenericData.Record(schema);
        click.put("id", 1L);
        click.put("page", "cart");
        byte[] whole = SchemaRegistryStub.encode(SCHEMA_ID, schema, click);

        AvroRecord truncated = new AvroRecord(schema, SCHEMA_ID, Arrays.copyOf(whole, whole.length - 2), "value");
        AvroRecord trailing = new AvroRecord(schema, SCHEMA_ID, Arrays.copyOf(whole, whole.length + 1), "value");

        assertThat(truncated.error()).isEqualTo("the value (schema id 41): the bytes end inside the Avro data of "
                + "schema Click: truncated, or written with another schema than its id names");
        assertThat(truncated.fieldCount()).isZero();
        assertThat(truncated.rawText()).isNull();
        assertThat(trailing.error()).contains("bytes after the Avro data of schema Click");
    }

    private static AvroRecord record(Schema schema, Object datum) {
        return new AvroRecord(schema, SCHEMA_ID, SchemaRegistryStub.encode(SCHEMA_ID, schema, datum), "value");
    }

}
