package dev.pipit.testkit.parquet;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.NanoTime;
import org.apache.parquet.io.api.Binary;

/**
 * The table of Parquet types the tests write and read back: every physical type and the logical types users
 * meet, each as one optional column with one value, what the plugin reads it as, the ClickHouse type inferred for
 * it, and what the database returns for it once imported. Rows written by {@link #fill} carry every value on even
 * rows and only the required {@code id} on odd ones, so nulls are covered too.
 */
public final class ParquetTypeCases {
    /**
     * One column.
     *
     * @param column the Parquet field and the inferred column's name
     * @param schema the field as Parquet's schema text writes it
     * @param write adds the value to a row
     * @param read what the format plugin returns for it
     * @param clickHouseType the type inferred for it, without the {@code Nullable} its optional field adds
     * @param jdbcType the class the test reads the stored value as
     * @param stored what the database holds, read as {@code jdbcType}
     */
    public record TypeCase(String column, String schema, Consumer<Group> write, Object read, String clickHouseType,
            Class<?> jdbcType, Object stored) {}

    private static final Instant MILLIS = Instant.parse("2024-05-01T10:11:12.345Z");
    private static final Instant MICROS = Instant.parse("2024-05-01T10:11:12.345678Z");
    private static final Instant NANOS = Instant.parse("2024-05-01T10:11:12.345678912Z");
    private static final UUID ID = UUID.fromString("123e4567-e89b-42d3-a456-426614174000");
    private static final BigDecimal FIXED_DECIMAL = new BigDecimal("-1234567890123456789012345678.0123456789");

    public static final List<TypeCase> CASES = List.of(
            new TypeCase("c_bool", "optional boolean c_bool", g -> g.add("c_bool", true),
                    true, "Bool", Boolean.class, true),
            new TypeCase("c_int8", "optional int32 c_int8 (INTEGER(8,true))", g -> g.add("c_int8", -5),
                    -5L, "Int8", Short.class, (short) -5),
            new TypeCase("c_uint8", "optional int32 c_uint8 (INTEGER(8,false))", g -> g.add("c_uint8", 200),
                    200L, "UInt8", Short.class, (short) 200),
            new TypeCase("c_int16", "optional int32 c_int16 (INTEGER(16,true))", g -> g.add("c_int16", -30000),
                    -30000L, "Int16", Short.class, (short) -30000),
            new TypeCase("c_uint16", "optional int32 c_uint16 (INTEGER(16,false))", g -> g.add("c_uint16", 65000),
                    65000L, "UInt16", Integer.class, 65000),
            new TypeCase("c_int32", "optional int32 c_int32", g -> g.add("c_int32", -2_000_000_000),
                    -2_000_000_000L, "Int32", Integer.class, -2_000_000_000),
            new TypeCase("c_uint32", "optional int32 c_uint32 (INTEGER(32,false))", g -> g.add("c_uint32", -1),
                    4_294_967_295L, "UInt32", Long.class, 4_294_967_295L),
            new TypeCase("c_int64", "optional int64 c_int64", g -> g.add("c_int64", Long.MIN_VALUE + 1),
                    Long.MIN_VALUE + 1, "Int64", Long.class, Long.MIN_VALUE + 1),
            new TypeCase("c_uint64", "optional int64 c_uint64 (INTEGER(64,false))", g -> g.add("c_uint64", -1L),
                    new BigInteger("18446744073709551615"), "UInt64", BigDecimal.class,
                    new BigDecimal("18446744073709551615")),
            new TypeCase("c_float", "optional float c_float", g -> g.add("c_float", 1.5f),
                    1.5f, "Float32", Float.class, 1.5f),
            new TypeCase("c_double", "optional double c_double", g -> g.add("c_double", 2.25),
                    2.25, "Float64", Double.class, 2.25),
            new TypeCase("c_string", "optional binary c_string (STRING)", g -> g.add("c_string", "héllo, wörld"),
                    "héllo, wörld", "String", String.class, "héllo, wörld"),
            new TypeCase("c_enum", "optional binary c_enum (ENUM)", g -> g.add("c_enum", "RED"),
                    "RED", "String", String.class, "RED"),
            new TypeCase("c_json", "optional binary c_json (JSON)", g -> g.add("c_json", "{\"a\":1}"),
                    "{\"a\":1}", "String", String.class, "{\"a\":1}"),
            new TypeCase("c_bytes_text", "optional binary c_bytes_text",
                    g -> g.add("c_bytes_text", Binary.fromString("raw")), "raw", "String", String.class, "raw"),
            new TypeCase("c_bytes", "optional binary c_bytes",
                    g -> g.add("c_bytes", Binary.fromConstantByteArray(new byte[] {(byte) 0xff, (byte) 0xfe})),
                    "//4=", "String", String.class, "//4="),
            new TypeCase("c_dec_int32", "optional int32 c_dec_int32 (DECIMAL(9,2))",
                    g -> g.add("c_dec_int32", 123_456_789), new BigDecimal("1234567.89"), "Decimal(9, 2)",
                    BigDecimal.class, new BigDecimal("1234567.89")),
            new TypeCase("c_dec_int64", "optional int64 c_dec_int64 (DECIMAL(18,4))",
                    g -> g.add("c_dec_int64", 123_456_789_012_345_678L), new BigDecimal("12345678901234.5678"),
                    "Decimal(18, 4)", BigDecimal.class, new BigDecimal("12345678901234.5678")),
            new TypeCase("c_dec_fixed", "optional fixed_len_byte_array(16) c_dec_fixed (DECIMAL(38,10))",
                    g -> g.add("c_dec_fixed", fixed(FIXED_DECIMAL.unscaledValue(), 16)), FIXED_DECIMAL,
                    "Decimal(38, 10)", BigDecimal.class, FIXED_DECIMAL),
            new TypeCase("c_dec_binary", "optional binary c_dec_binary (DECIMAL(20,3))",
                    g -> g.add("c_dec_binary", Binary.fromConstantByteArray(
                            new BigInteger("-98765432109876543210").toByteArray())),
                    new BigDecimal("-98765432109876543.210"), "Decimal(20, 3)", BigDecimal.class,
                    new BigDecimal("-98765432109876543.210")),
            new TypeCase("c_date", "optional int32 c_date (DATE)",
                    g -> g.add("c_date", (int) LocalDate.parse("2024-02-29").toEpochDay()),
                    LocalDate.parse("2024-02-29"), "Date32", LocalDate.class, LocalDate.parse("2024-02-29")),
            new TypeCase("c_ts_millis", "optional int64 c_ts_millis (TIMESTAMP(MILLIS,true))",
                    g -> g.add("c_ts_millis", MILLIS.toEpochMilli()), MILLIS, "DateTime64(3)",
                    OffsetDateTime.class, MILLIS.atOffset(ZoneOffset.UTC)),
            new TypeCase("c_ts_micros", "optional int64 c_ts_micros (TIMESTAMP(MICROS,true))",
                    g -> g.add("c_ts_micros", micros(MICROS)), MICROS, "DateTime64(6)",
                    OffsetDateTime.class, MICROS.atOffset(ZoneOffset.UTC)),
            new TypeCase("c_ts_nanos", "optional int64 c_ts_nanos (TIMESTAMP(NANOS,true))",
                    g -> g.add("c_ts_nanos", micros(NANOS) * 1000 + NANOS.getNano() % 1000), NANOS,
                    "DateTime64(9)", OffsetDateTime.class, MICROS.atOffset(ZoneOffset.UTC)),
            new TypeCase("c_ts_local", "optional int64 c_ts_local (TIMESTAMP(MICROS,false))",
                    g -> g.add("c_ts_local", micros(MICROS)), LocalDateTime.ofInstant(MICROS, ZoneOffset.UTC),
                    "DateTime64(6)", OffsetDateTime.class, MICROS.atOffset(ZoneOffset.UTC)),
            new TypeCase("c_int96", "optional int96 c_int96",
                    g -> g.add("c_int96", new NanoTime((int) (LocalDate.parse("2024-05-01").toEpochDay() + 2_440_588),
                            (10 * 3600 + 11 * 60 + 12) * 1_000_000_000L + 345_678_912)),
                    NANOS, "DateTime64(9)", OffsetDateTime.class, MICROS.atOffset(ZoneOffset.UTC)),
            new TypeCase("c_time", "optional int32 c_time (TIME(MILLIS,true))",
                    g -> g.add("c_time", (10 * 3600 + 11 * 60 + 12) * 1000 + 345),
                    "10:11:12.345", "String", String.class, "10:11:12.345"),
            new TypeCase("c_uuid", "optional fixed_len_byte_array(16) c_uuid (UUID)",
                    g -> g.add("c_uuid", fixed(ID)), ID, "UUID", UUID.class, ID),
            new TypeCase("c_float16", "optional fixed_len_byte_array(2) c_float16 (FLOAT16)",
                    g -> g.add("c_float16", Binary.fromConstantByteArray(new byte[] {0x00, 0x3e})),
                    1.5f, "Float32", Float.class, 1.5f),
            new TypeCase("c_list", "optional group c_list (LIST) { repeated group list { optional int32 element; } }",
                    g -> {
                        Group list = g.addGroup("c_list");
                        list.addGroup("list").append("element", 1);
                        list.addGroup("list");
                        list.addGroup("list").append("element", 3);
                    },
                    Arrays.asList(1L, null, 3L), "String", String.class, "[1,null,3]"),
            new TypeCase("c_map", "optional group c_map (MAP) { repeated group key_value {"
                    + " required binary key (STRING); optional int64 value; } }",
                    g -> {
                        Group map = g.addGroup("c_map");
                        map.addGroup("key_value").append("key", "a").append("value", 1L);
                        map.addGroup("key_value").append("key", "b").append("value", 2L);
                    },
                    Map.of("a", 1L, "b", 2L), "String", String.class, "{\"a\":1,\"b\":2}"),
            new TypeCase("c_struct", "optional group c_struct { optional int32 x; optional int32 day (DATE);"
                    + " optional group tags (LIST) { repeated group list { optional binary element (STRING); } } }",
                    g -> {
                        Group struct = g.addGroup("c_struct");
                        struct.append("x", 7).append("day", (int) LocalDate.parse("2024-01-02").toEpochDay());
                        struct.addGroup("tags").addGroup("list").append("element", "t");
                    },
                    Map.of("x", 7L, "day", "2024-01-02", "tags", List.of("t")), "String", String.class,
                    "{\"x\":7,\"day\":\"2024-01-02\",\"tags\":[\"t\"]}"));

    private ParquetTypeCases() {}

    /** The schema of a file with a required {@code id} and every case. */
    public static String schema() {
        return CASES.stream().map(typeCase -> typeCase.schema().endsWith("}") ? typeCase.schema()
                        : typeCase.schema() + ";")
                .collect(Collectors.joining("\n  ", "message row {\n  required int64 id;\n  ", "\n}"));
    }

    /** Fills row {@code index}: its id is {@code firstId + index}; even rows hold every value, odd rows none. */
    public static void fill(long firstId, long index, Group row) {
        row.add("id", firstId + index);
        if (index % 2 == 0) {
            CASES.forEach(typeCase -> typeCase.write().accept(row));
        }
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000;
    }

    private static Binary fixed(BigInteger unscaled, int length) {
        byte[] bytes = unscaled.toByteArray();
        byte[] padded = new byte[length];
        byte sign = (byte) (unscaled.signum() < 0 ? 0xff : 0);
        Arrays.fill(padded, 0, length - bytes.length, sign);
        System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
        return Binary.fromConstantByteArray(padded);
    }

    private static Binary fixed(UUID uuid) {
        return Binary.fromConstantByteArray(ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array());
    }
}
