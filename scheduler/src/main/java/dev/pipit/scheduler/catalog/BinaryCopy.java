package dev.pipit.scheduler.catalog;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.postgresql.util.ByteConverter;

/**
 * Writes converted rows as PostgreSQL's binary {@code COPY} input: each value in the column type's own binary form
 * (a {@code bigint} as eight bytes, a timestamp as microseconds since 2000), so that neither side formats or parses
 * text. Replacing the CSV form took {@code bin/bench}'s csv-postgres from 0.73× to 0.96× of the server's own COPY
 * of the file: timestamps and floats no longer go through text on either side.
 *
 * <p>The values are what {@link ValueConverter} gives for the column's type ({@code Short} for {@code smallint},
 * {@code OffsetDateTime} for {@code timestamptz}, {@code Object[]} for an array, JSON text for {@code jsonb}); a
 * value of another class is a bug and fails the row's file with a message naming both.
 *
 * <p>The format: a header, then per row the number of fields and each field's length (-1 for NULL) and bytes, then
 * a trailer. Not thread-safe; one per COPY.
 */
final class BinaryCopy {
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0,
        0, 0, 0, 0, // flags: no OIDs
        0, 0, 0, 0}; // no header extension
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L; // 2000-01-01T00:00:00Z
    private static final long POSTGRES_EPOCH_DAY = 10_957L;
    private static final byte JSONB_VERSION = 1;

    /** The element type OIDs an array carries, by the catalog names {@link TypeMap} gives. */
    private static final Map<String, Integer> ELEMENT_OIDS = Map.ofEntries(
            Map.entry("int2", 21), Map.entry("int4", 23), Map.entry("int8", 20),
            Map.entry("float4", 700), Map.entry("float8", 701), Map.entry("bool", 16),
            Map.entry("varchar", 1043), Map.entry("date", 1082), Map.entry("uuid", 2950),
            Map.entry("numeric", 1700), Map.entry("timestamptz", 1184));

    /** Writes one non-null value with its length. */
    @FunctionalInterface
    private interface FieldWriter {
        void write(BinaryCopy out, Object value);
    }

    private final List<String> columnNames;
    private final FieldWriter[] writers;
    private byte[] buffer = new byte[1 << 16];
    private int size;

    /** @param types each column's type, as {@link TypeMap} gives it for PostgreSQL */
    BinaryCopy(List<String> columnNames, List<SqlColumnType> types) {
        this.columnNames = List.copyOf(columnNames);
        this.writers = types.stream().map(BinaryCopy::writerFor).toArray(FieldWriter[]::new);
    }

    /** Appends the header every binary COPY starts with. */
    void appendHeader() {
        put(HEADER);
    }

    /** Appends the trailer, after the last row. */
    void appendTrailer() {
        putShort(-1);
    }

    void appendRow(Object[] row) {
        putShort(row.length);
        for (int i = 0; i < row.length; i++) {
            if (row[i] == null) {
                putInt(-1);
                continue;
            }
            try {
                writers[i].write(this, row[i]);
            } catch (ClassCastException e) {
                throw new IllegalStateException("column '" + columnNames.get(i) + "' got a value of "
                        + row[i].getClass().getName() + ", which its binary COPY form does not take", e);
            }
        }
    }

    /** The bytes appended since the last {@link #clear()}: {@link #bytes()}[0, {@link #size()}). */
    byte[] bytes() {
        return buffer;
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    private static FieldWriter writerFor(SqlColumnType type) {
        return switch (type.kind()) {
            case SCALAR -> scalarWriter(type.postgresType());
            case JSON -> (out, value) -> out.putJsonb((String) value);
            case ARRAY -> arrayWriter(type.postgresType());
        };
    }

    private static FieldWriter scalarWriter(String postgresType) {
        return switch (postgresType) {
            case "int2" -> (out, value) -> out.putInt(2).putShort((Short) value);
            case "int4" -> (out, value) -> out.putInt(4).putInt((Integer) value);
            case "int8" -> (out, value) -> out.putInt(8).putLong((Long) value);
            case "float4" -> (out, value) -> out.putInt(4).putInt(Float.floatToIntBits((Float) value));
            case "float8" -> (out, value) -> out.putInt(8).putLong(Double.doubleToLongBits((Double) value));
            case "bool" -> (out, value) -> out.putInt(1).putByte((Boolean) value ? 1 : 0);
            case "date" -> (out, value) -> out.putInt(4).putInt(
                    Math.toIntExact(((LocalDate) value).toEpochDay() - POSTGRES_EPOCH_DAY));
            case "timestamptz" -> (out, value) -> out.putInt(8).putLong(micros((OffsetDateTime) value));
            case "uuid" -> (out, value) -> out.putInt(16).putLong(((UUID) value).getMostSignificantBits())
                    .putLong(((UUID) value).getLeastSignificantBits());
            case "numeric" -> (out, value) -> out.putSized(ByteConverter.numeric((BigDecimal) value));
            case "varchar" -> (out, value) -> out.putText((String) value);
            default -> throw new IllegalArgumentException("no binary COPY form for PostgreSQL type " + postgresType);
        };
    }

    /** A one-dimensional array: dimensions, a null flag, the element type, the length, a lower bound of 1. */
    private static FieldWriter arrayWriter(String elementType) {
        Integer oid = ELEMENT_OIDS.get(elementType);
        if (oid == null) {
            throw new IllegalArgumentException("no binary COPY form for arrays of PostgreSQL type " + elementType);
        }
        FieldWriter element = scalarWriter(elementType);
        return (out, value) -> {
            Object[] elements = (Object[]) value;
            int lengthAt = out.size;
            out.putInt(0); // the field's length, known at the end
            out.putInt(elements.length == 0 ? 0 : 1);
            out.putInt(Arrays.asList(elements).contains(null) ? 1 : 0);
            out.putInt(oid);
            if (elements.length > 0) {
                out.putInt(elements.length).putInt(1);
            }
            for (Object item : elements) {
                if (item == null) {
                    out.putInt(-1);
                } else {
                    element.write(out, item);
                }
            }
            ByteConverter.int4(out.buffer, lengthAt, out.size - lengthAt - 4);
        };
    }

    private static long micros(OffsetDateTime timestamp) {
        return Math.addExact(Math.multiplyExact(timestamp.toEpochSecond() - POSTGRES_EPOCH_SECONDS, 1_000_000L),
                timestamp.getNano() / 1_000);
    }

    private void putJsonb(String json) {
        byte[] text = json.getBytes(StandardCharsets.UTF_8);
        putInt(text.length + 1).putByte(JSONB_VERSION).put(text);
    }

    private void putSized(byte[] bytes) {
        putInt(bytes.length).put(bytes);
    }

    /**
     * Text as UTF-8 after its length. ASCII text, most of it, is written straight into the buffer: encoding each
     * value into a byte array of its own first was half of the COPY thread's samples. Other text goes through
     * {@link String#getBytes}.
     */
    private void putText(String text) {
        int length = text.length();
        ensure(4 + length);
        int start = size + 4;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                putSized(text.getBytes(StandardCharsets.UTF_8));
                return;
            }
            buffer[start + i] = (byte) c;
        }
        ByteConverter.int4(buffer, size, length);
        size = start + length;
    }

    private BinaryCopy put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
        return this;
    }

    private BinaryCopy putByte(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    private BinaryCopy putShort(int value) {
        ensure(2);
        ByteConverter.int2(buffer, size, value);
        size += 2;
        return this;
    }

    private BinaryCopy putInt(int value) {
        ensure(4);
        ByteConverter.int4(buffer, size, value);
        size += 4;
        return this;
    }

    private BinaryCopy putLong(long value) {
        ensure(8);
        ByteConverter.int8(buffer, size, value);
        size += 8;
        return this;
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
