package dev.pipit.plugin.kafka;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * One Avro record with a field of every type and logical type the plugin reads, edge values included (a float
 * with no exact binary form, NaN and infinity, a decimal past {@code long}, timestamps before 1970 and past 9999),
 * and the JSON text it becomes: what the decoding tests and the broker test share.
 */
final class EveryAvroType {
    static final Schema SCHEMA;
    static final GenericRecord ORDER;
    static final String JSON = "{\"paid\":true,\"quantity\":3,\"big\":9007199254740993,\"ratio\":0.1,"
            + "\"price\":12.5,\"huge\":1.0E+20,\"missing\":\"nan\",\"endless\":\"-inf\","
            + "\"name\":\"chair \\\"deluxe\\\"\",\"blob\":\"AQL/\",\"state\":\"DONE\",\"code\":\"YWI=\","
            + "\"amount\":-1234.505,\"units\":123456789012345678901234,\"day\":\"2024-05-01\","
            + "\"at_ms\":\"2024-05-01 12:00:00.123\",\"at_us\":\"2024-05-01 12:00:00.123456\","
            + "\"at_ns\":\"2024-05-01 12:00:00.123456789\",\"before_1970\":\"1969-12-31 23:59:59.999\","
            + "\"far_future\":\"+10000-01-01 00:00:00.000\",\"time_ms\":\"12:34:56.789\","
            + "\"time_us\":\"12:34:56.789012\",\"id\":\"4c3a1bbb-5e0c-4b6e-9f7e-0d1a2b3c4d5e\","
            + "\"address\":{\"city\":\"Oslo\",\"zip\":null},\"note\":\"fragile\",\"tags\":[\"a\",\"b\"],"
            + "\"scores\":{\"x\":7}}";

    static {
        Schema address = SchemaBuilder.record("Address").fields()
                .requiredString("city").optionalInt("zip").endRecord();
        Schema schema = SchemaBuilder.record("Order").namespace("shop").fields()
                .requiredBoolean("paid").requiredInt("quantity").requiredLong("big")
                .requiredFloat("ratio").requiredDouble("price").requiredDouble("huge").requiredDouble("missing")
                .requiredFloat("endless").requiredString("name").requiredBytes("blob")
                .name("state").type().enumeration("State").symbols("NEW", "DONE").noDefault()
                .name("code").type().fixed("Code").size(2).noDefault()
                .name("amount").type(LogicalTypes.decimal(12, 3).addToSchema(Schema.create(Schema.Type.BYTES)))
                        .noDefault()
                .name("units").type(LogicalTypes.decimal(30, 0).addToSchema(Schema.create(Schema.Type.BYTES)))
                        .noDefault()
                .name("day").type(LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT))).noDefault()
                .name("at_ms").type(timestamp(LogicalTypes.timestampMillis())).noDefault()
                .name("at_us").type(timestamp(LogicalTypes.timestampMicros())).noDefault()
                .name("at_ns").type(timestamp(LogicalTypes.timestampNanos())).noDefault()
                .name("before_1970").type(timestamp(LogicalTypes.timestampMillis())).noDefault()
                .name("far_future").type(timestamp(LogicalTypes.timestampMillis())).noDefault()
                .name("time_ms").type(LogicalTypes.timeMillis().addToSchema(Schema.create(Schema.Type.INT)))
                        .noDefault()
                .name("time_us").type(LogicalTypes.timeMicros().addToSchema(Schema.create(Schema.Type.LONG)))
                        .noDefault()
                .name("id").type(LogicalTypes.uuid().addToSchema(Schema.create(Schema.Type.STRING))).noDefault()
                .name("address").type(address).noDefault()
                .name("note").type().unionOf().nullType().and().stringType().endUnion().nullDefault()
                .name("tags").type().array().items().stringType().noDefault()
                .name("scores").type().map().values().longType().noDefault()
                .endRecord();
        GenericRecord order = new GenericData.Record(schema);
        order.put("paid", true);
        order.put("quantity", 3);
        order.put("big", 9_007_199_254_740_993L);
        order.put("ratio", 0.1f);
        order.put("price", 12.5);
        order.put("huge", 1e20);
        order.put("missing", Double.NaN);
        order.put("endless", Float.NEGATIVE_INFINITY);
        order.put("name", "chair \"deluxe\"");
        order.put("blob", ByteBuffer.wrap(new byte[] {1, 2, (byte) 255}));
        order.put("state", new GenericData.EnumSymbol(schema.getField("state").schema(), "DONE"));
        order.put("code", new GenericData.Fixed(schema.getField("code").schema(), new byte[] {'a', 'b'}));
        order.put("amount", new Conversions.DecimalConversion().toBytes(new BigDecimal("-1234.505"),
                null, LogicalTypes.decimal(12, 3)));
        order.put("units", new Conversions.DecimalConversion().toBytes(new BigDecimal("123456789012345678901234"),
                null, LogicalTypes.decimal(30, 0)));
        order.put("day", 19_844);
        order.put("at_ms", 1_714_564_800_123L);
        order.put("at_us", 1_714_564_800_123_456L);
        order.put("at_ns", 1_714_564_800_123_456_789L);
        order.put("before_1970", -1L);
        order.put("far_future", 253_402_300_800_000L);
        order.put("time_ms", 45_296_789);
        order.put("time_us", 45_296_789_012L);
        order.put("id", "4c3a1bbb-5e0c-4b6e-9f7e-0d1a2b3c4d5e");
        GenericRecord home = new GenericData.Record(address);
        home.put("city", "Oslo");
        home.put("zip", null);
        order.put("address", home);
        order.put("note", "fragile");
        order.put("tags", List.of("a", "b"));
        order.put("scores", new LinkedHashMap<>(Map.of("x", 7L)));

        SCHEMA = schema;
        ORDER = order;
    }

    private EveryAvroType() {}

    private static Schema timestamp(LogicalType type) {
        return type.addToSchema(Schema.create(Schema.Type.LONG));
    }
}
