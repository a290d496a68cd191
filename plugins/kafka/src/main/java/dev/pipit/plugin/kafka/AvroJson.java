package dev.pipit.plugin.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;

/**
 * Re-encodes Avro binary data as JSON text, reading it with Avro's {@link BinaryDecoder} under the writer schema,
 * so that the core maps it to columns as it maps a JSON message. The JSON is what a {@code json:$.a.b} path
 * expects: a union is its branch's value (no {@code {"type": value}} wrapper), a map an object, an enum its
 * symbol. Logical types become the text ClickHouse reads for the matching column type: a decimal an exact number,
 * a date {@code 2024-05-01}, a timestamp {@code 2024-05-01 12:00:00.123} (UTC; micro- and nanoseconds keep their
 * digits), a time of day {@code 12:00:00.123}, a uuid its canonical text. Other bytes and fixed values are Base64.
 *
 * <p>Decoding walks the schema straight from the bytes into the JSON generator, without building Avro's generic
 * records first.
 */
final class AvroJson {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter NANOS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS");
    private static final DateTimeFormatter TIME_MILLIS = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final DateTimeFormatter TIME_MICROS = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS");

    private final DecoderFactory decoders = DecoderFactory.get();
    private BinaryDecoder decoder;

    /**
     * The datum at {@code bytes[offset..]} as JSON text.
     *
     * @throws IOException when the bytes are not a datum of {@code schema} (corrupt, or written with another schema),
     *     with a message that says so
     */
    byte[] toJson(Schema schema, byte[] bytes, int offset) throws IOException {
        decoder = decoders.binaryDecoder(bytes, offset, bytes.length - offset, decoder);
        ByteArrayOutputStream json = new ByteArrayOutputStream(bytes.length * 2 + 16);
        try (JsonGenerator out = JSON.createGenerator(json)) {
            write(schema, out);
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
        return json.toByteArray();
    }

    private void write(Schema schema, JsonGenerator out) throws IOException {
        switch (schema.getType()) {
            case RECORD -> {
                out.writeStartObject();
                for (Schema.Field field : schema.getFields()) {
                    out.writeFieldName(field.name());
                    write(field.schema(), out);
                }
                out.writeEndObject();
            }
            case UNION -> {
                List<Schema> branches = schema.getTypes();
                int branch = decoder.readIndex();
                if (branch < 0 || branch >= branches.size()) {
                    throw new IOException("union branch " + branch + " does not exist in " + schema);
                }
                write(branches.get(branch), out);
            }
            case ARRAY -> {
                out.writeStartArray();
                for (long n = decoder.readArrayStart(); n != 0; n = decoder.arrayNext()) {
                    for (long i = 0; i < n; i++) {
                        write(schema.getElementType(), out);
                    }
                }
                out.writeEndArray();
            }
            case MAP -> {
                out.writeStartObject();
                for (long n = decoder.readMapStart(); n != 0; n = decoder.mapNext()) {
                    for (long i = 0; i < n; i++) {
                        out.writeFieldName(decoder.readString());
                        write(schema.getValueType(), out);
                    }
                }
                out.writeEndObject();
            }
            case ENUM -> {
                int symbol = decoder.readEnum();
                if (symbol < 0 || symbol >= schema.getEnumSymbols().size()) {
                    throw new IOException("enum symbol " + symbol + " does not exist in " + schema.getFullName());
                }
                out.writeString(schema.getEnumSymbols().get(symbol));
            }
            case STRING -> {
                Utf8 text = decoder.readString(null);
                out.writeUTF8String(text.getBytes(), 0, text.getByteLength());
            }
            case BYTES -> bytes(schema, toArray(decoder.readBytes(null)), out);
            case FIXED -> {
                byte[] fixed = new byte[schema.getFixedSize()];
                decoder.readFixed(fixed);
                bytes(schema, fixed, out);
            }
            case INT -> integer(schema.getLogicalType(), decoder.readInt(), out);
            case LONG -> longInteger(schema.getLogicalType(), decoder.readLong(), out);
            case FLOAT -> floating(decoder.readFloat(), out);
            case DOUBLE -> floating(decoder.readDouble(), out);
            case BOOLEAN -> out.writeBoolean(decoder.readBoolean());
            case NULL -> {
                decoder.readNull();
                out.writeNull();
            }
        }
    }

    private static void bytes(Schema schema, byte[] bytes, JsonGenerator out) throws IOException {
        LogicalType logical = schema.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal decimal) {
            out.writeNumber(new BigDecimal(new BigInteger(bytes), decimal.getScale()));
        } else if (logical != null && logical.getName().equals("uuid") && bytes.length == 16) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            out.writeString(new UUID(buffer.getLong(), buffer.getLong()).toString());
        } else {
            out.writeBinary(bytes);
        }
    }

    private static void integer(LogicalType logical, int value, JsonGenerator out) throws IOException {
        if (logical instanceof LogicalTypes.Date) {
            out.writeString(LocalDate.ofEpochDay(value).toString());
        } else if (logical instanceof LogicalTypes.TimeMillis) {
            out.writeString(LocalTime.ofNanoOfDay(value * 1_000_000L).format(TIME_MILLIS));
        } else {
            out.writeNumber(value);
        }
    }

    private static void longInteger(LogicalType logical, long value, JsonGenerator out) throws IOException {
        String name = logical == null ? "" : logical.getName();
        switch (name) {
            case "timestamp-millis", "local-timestamp-millis" -> out.writeString(
                    LocalDateTime.ofInstant(Instant.ofEpochMilli(value), ZoneOffset.UTC).format(MILLIS));
            case "timestamp-micros", "local-timestamp-micros" -> out.writeString(LocalDateTime.ofInstant(
                    Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L),
                    ZoneOffset.UTC).format(MICROS));
            case "timestamp-nanos", "local-timestamp-nanos" -> out.writeString(LocalDateTime.ofInstant(
                    Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L)),
                    ZoneOffset.UTC).format(NANOS));
            case "time-micros" -> out.writeString(LocalTime.ofNanoOfDay(value * 1_000L).format(TIME_MICROS));
            default -> out.writeNumber(value);
        }
    }

    /** JSON has no NaN or infinity; ClickHouse reads these words for a float column. */
    private static void floating(double value, JsonGenerator out) throws IOException {
        if (Double.isNaN(value)) {
            out.writeString("nan");
        } else if (Double.isInfinite(value)) {
            out.writeString(value > 0 ? "inf" : "-inf");
        } else {
            out.writeNumber(value);
        }
    }

    private static void floating(float value, JsonGenerator out) throws IOException {
        if (Float.isNaN(value) || Float.isInfinite(value)) {
            floating((double) value, out);
        } else {
            out.writeNumber(value);
        }
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
