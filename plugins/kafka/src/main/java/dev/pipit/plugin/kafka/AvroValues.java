package dev.pipit.plugin.kafka;

import java.io.EOFException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Reads Avro binary data under its writer schema into the values the core maps to columns, exactly the values it
 * would read from the same datum written as a JSON message: a record or map is a {@code LinkedHashMap} in field
 * order, an array a {@code List}, a union its branch's value, an enum its symbol, integers {@code Long}, floats
 * the {@code BigDecimal} of their shortest text (JSON numbers are read exactly), other bytes and fixed values
 * Base64 text. Logical types become the text ClickHouse reads for the matching column type: a decimal an exact
 * number, a date {@code 2024-05-01}, a timestamp {@code 2024-05-01 12:00:00.123} (UTC; micro- and nanoseconds
 * keep their digits), a time of day {@code 12:00:00.123}, a uuid its canonical text. JSON has no NaN or infinity:
 * they become the words ClickHouse reads for a float column.
 *
 * <p>Reading walks the schema straight from the bytes, without building Avro's generic records first, and without
 * JSON text in between: a consumer decoding Avro spent half its time writing that text and parsing it back.
 */
final class AvroValues {
    private AvroValues() {}

    /**
     * The datum at {@code bytes[offset..]}.
     *
     * @throws IOException when the bytes are not a datum of {@code schema} (corrupt, or written with another schema),
     *     with a message that says so
     */
    static Object read(Schema schema, byte[] bytes, int offset) throws IOException {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, offset, bytes.length - offset, null);
        Object value;
        try {
            value = new Walk(decoder).value(schema);
        } catch (EOFException e) {
            throw new IOException("the bytes end inside the Avro data of schema " + schema.getFullName()
                    + ": truncated, or written with another schema than its id names", e);
        } catch (RuntimeException e) {
            // Avro reports impossible lengths and union branches of corrupt data as runtime exceptions.
            throw new IOException("the bytes are not Avro data of schema " + schema.getFullName() + " ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        if (!decoder.isEnd()) {
            throw new IOException("the message has bytes after the Avro data of schema " + schema.getFullName()
                    + ": corrupt, or written with another schema than its id names");
        }
        return value;
    }

    private record Walk(BinaryDecoder decoder) {
        Object value(Schema schema) throws IOException {
            return switch (schema.getType()) {
                case RECORD -> {
                    Map<String, Object> fields = new LinkedHashMap<>();
                    for (Schema.Field field : schema.getFields()) {
                        fields.put(field.name(), value(field.schema()));
                    }
                    yield fields;
                }
                case UNION -> {
                    List<Schema> branches = schema.getTypes();
                    int branch = decoder.readIndex();
                    if (branch < 0 || branch >= branches.size()) {
                        throw new IOException("union branch " + branch + " does not exist in " + schema);
                    }
                    yield value(branches.get(branch));
                }
                case ARRAY -> {
                    List<Object> elements = new ArrayList<>();
                    for (long n = decoder.readArrayStart(); n != 0; n = decoder.arrayNext()) {
                        for (long i = 0; i < n; i++) {
                            elements.add(value(schema.getElementType()));
                        }
                    }
                    yield elements;
                }
                case MAP -> {
                    Map<String, Object> entries = new LinkedHashMap<>();
                    for (long n = decoder.readMapStart(); n != 0; n = decoder.mapNext()) {
                        for (long i = 0; i < n; i++) {
                            String key = decoder.readString();
                            entries.put(key, value(schema.getValueType()));
                        }
                    }
                    yield entries;
                }
                case ENUM -> {
                    int symbol = decoder.readEnum();
                    if (symbol < 0 || symbol >= schema.getEnumSymbols().size()) {
                        throw new IOException("enum symbol " + symbol + " does not exist in " + schema.getFullName());
                    }
                    yield schema.getEnumSymbols().get(symbol);
                }
                case STRING -> decoder.readString();
                case BYTES -> bytes(schema, toArray(decoder.readBytes(null)));
                case FIXED -> {
                    byte[] fixed = new byte[schema.getFixedSize()];
                    decoder.readFixed(fixed);
                    yield bytes(schema, fixed);
                }
                case INT -> integer(schema.getLogicalType(), decoder.readInt());
                case LONG -> longInteger(schema.getLogicalType(), decoder.readLong());
                case FLOAT -> floating(decoder.readFloat());
                case DOUBLE -> floating(decoder.readDouble());
                case BOOLEAN -> decoder.readBoolean();
                case NULL -> {
                    decoder.readNull();
                    yield null;
                }
            };
        }
    }

    private static Object bytes(Schema schema, byte[] bytes) {
        LogicalType logical = schema.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal decimal) {
            return exactNumber(new BigDecimal(new BigInteger(bytes), decimal.getScale()));
        }
        if (logical != null && logical.getName().equals("uuid") && bytes.length == 16) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            return new UUID(buffer.getLong(), buffer.getLong()).toString();
        }
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A decimal without fraction digits is an integer, as the same number read from JSON text is. */
    private static Object exactNumber(BigDecimal decimal) {
        if (decimal.scale() > 0) {
            return decimal;
        }
        BigInteger integer = decimal.toBigIntegerExact();
        return integer.bitLength() < Long.SIZE ? (Object) integer.longValue() : new BigDecimal(integer);
    }

    private static Object integer(LogicalType logical, int value) {
        if (logical instanceof LogicalTypes.Date) {
            return LocalDate.ofEpochDay(value).toString();
        }
        if (logical instanceof LogicalTypes.TimeMillis) {
            return TimeText.timeOfDay(value * 1_000_000L, 3);
        }
        return (long) value;
    }

    private static Object longInteger(LogicalType logical, long value) {
        String name = logical == null ? "" : logical.getName();
        return switch (name) {
            case "timestamp-millis", "local-timestamp-millis" -> TimeText.timestamp(
                    Math.floorDiv(value, 1_000L), Math.floorMod(value, 1_000L) * 1_000_000L, 3);
            case "timestamp-micros", "local-timestamp-micros" -> TimeText.timestamp(
                    Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L, 6);
            case "timestamp-nanos", "local-timestamp-nanos" -> TimeText.timestamp(
                    Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L), 9);
            case "time-micros" -> TimeText.timeOfDay(value * 1_000L, 6);
            default -> value;
        };
    }

    private static Object floating(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        return new BigDecimal(Double.toString(value));
    }

    private static Object floating(float value) {
        if (Float.isNaN(value) || Float.isInfinite(value)) {
            return floating((double) value);
        }
        return new BigDecimal(Float.toString(value));
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
