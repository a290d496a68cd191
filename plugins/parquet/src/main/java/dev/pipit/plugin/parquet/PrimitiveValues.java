package dev.pipit.plugin.parquet;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DateLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.Float16LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.UUIDLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

/**
 * One Parquet leaf value as the SPI's JDK value: the physical value read through its logical type, so an INT32
 * date becomes a {@link LocalDate} and a FIXED_LEN_BYTE_ARRAY decimal a {@link BigDecimal}.
 *
 * <p>Timestamps adjusted to UTC become {@link Instant}s; local ones {@link LocalDateTime}s, which the core reads in
 * the column's time zone. Times of day have no ClickHouse type Pipit stores, so they become ISO text. Bytes that
 * carry no type are text when they are printable UTF-8 (old writers store strings that way) and Base64 otherwise,
 * since neither database's text type holds arbitrary bytes.
 */
final class PrimitiveValues {
    /** The Julian day of 1970-01-01, which INT96 timestamps count from. */
    private static final long JULIAN_EPOCH_DAY = 2_440_588;

    private PrimitiveValues() {}

    static Object read(Group group, int field, int index, PrimitiveType type) {
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        return switch (type.getPrimitiveTypeName()) {
            case BOOLEAN -> group.getBoolean(field, index);
            case INT32 -> int32(group.getInteger(field, index), logical);
            case INT64 -> int64(group.getLong(field, index), logical);
            case INT96 -> int96(group.getInt96(field, index));
            case FLOAT -> group.getFloat(field, index);
            case DOUBLE -> group.getDouble(field, index);
            case BINARY, FIXED_LEN_BYTE_ARRAY -> bytes(group.getBinary(field, index), logical);
        };
    }

    /** A value as JSON can hold it, for values inside lists, maps and structs: times and UUIDs become ISO text. */
    static Object forJson(Object value) {
        if (value instanceof LocalDateTime dateTime) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(dateTime);
        }
        if (value instanceof Instant || value instanceof LocalDate || value instanceof UUID) {
            return value.toString();
        }
        return value;
    }

    private static Object int32(int value, LogicalTypeAnnotation logical) {
        if (logical instanceof IntLogicalTypeAnnotation integer && !integer.isSigned()) {
            return Integer.toUnsignedLong(value);
        }
        if (logical instanceof DecimalLogicalTypeAnnotation decimal) {
            return BigDecimal.valueOf(value, decimal.getScale());
        }
        if (logical instanceof DateLogicalTypeAnnotation) {
            return LocalDate.ofEpochDay(value);
        }
        if (logical instanceof TimeLogicalTypeAnnotation) {
            return LocalTime.ofNanoOfDay(TimeUnit.MILLISECONDS.toNanos(value)).toString();
        }
        return (long) value;
    }

    private static Object int64(long value, LogicalTypeAnnotation logical) {
        if (logical instanceof IntLogicalTypeAnnotation integer && !integer.isSigned()) {
            return new BigInteger(Long.toUnsignedString(value));
        }
        if (logical instanceof DecimalLogicalTypeAnnotation decimal) {
            return BigDecimal.valueOf(value, decimal.getScale());
        }
        if (logical instanceof TimestampLogicalTypeAnnotation timestamp) {
            Instant instant = instant(value, timestamp.getUnit());
            return timestamp.isAdjustedToUTC() ? instant : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        }
        if (logical instanceof TimeLogicalTypeAnnotation time) {
            return LocalTime.ofNanoOfDay(value * nanosPer(time.getUnit())).toString();
        }
        return value;
    }

    private static Instant instant(long value, LogicalTypeAnnotation.TimeUnit unit) {
        long perSecond = 1_000_000_000L / nanosPer(unit);
        return Instant.ofEpochSecond(Math.floorDiv(value, perSecond),
                Math.floorMod(value, perSecond) * nanosPer(unit));
    }

    private static long nanosPer(LogicalTypeAnnotation.TimeUnit unit) {
        return switch (unit) {
            case MILLIS -> 1_000_000L;
            case MICROS -> 1_000L;
            case NANOS -> 1L;
        };
    }

    /** Impala's and Spark's legacy timestamp: nanoseconds of the day, then the Julian day, both little-endian. */
    private static Instant int96(Binary value) {
        ByteBuffer bytes = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        long nanosOfDay = bytes.getLong();
        long julianDay = Integer.toUnsignedLong(bytes.getInt());
        return LocalDate.ofEpochDay(julianDay - JULIAN_EPOCH_DAY).atStartOfDay().toInstant(ZoneOffset.UTC)
                .plusNanos(nanosOfDay);
    }

    private static Object bytes(Binary value, LogicalTypeAnnotation logical) {
        if (logical instanceof DecimalLogicalTypeAnnotation decimal) {
            return new BigDecimal(new BigInteger(value.getBytes()), decimal.getScale());
        }
        if (logical instanceof UUIDLogicalTypeAnnotation) {
            ByteBuffer bytes = value.toByteBuffer();
            return new UUID(bytes.getLong(), bytes.getLong());
        }
        if (logical instanceof Float16LogicalTypeAnnotation) {
            return halfToFloat(value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN).getShort());
        }
        if (logical == null || logical instanceof LogicalTypeAnnotation.BsonLogicalTypeAnnotation) {
            return untypedBytes(value);
        }
        return text(value);
    }

    /**
     * Bytes without a string annotation are text only when they read as printable UTF-8 (old writers store strings
     * that way); any other bytes, including text holding U+0000 or other control characters, are binary data and
     * become Base64, which both databases' text types hold, rather than a row quarantined for its NUL.
     */
    private static String untypedBytes(Binary value) {
        String text = text(value);
        return isPrintable(text) ? text : Base64.getEncoder().encodeToString(value.getBytes());
    }

    private static boolean isPrintable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static String text(Binary value) {
        ByteBuffer bytes = value.toByteBuffer();
        if (bytes.hasArray() && isAscii(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining())) {
            // ASCII is UTF-8 as it is: no strict decoder to make, which was a quarter of reading a text-heavy file.
            return new String(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining(),
                    StandardCharsets.US_ASCII);
        }
        try {
            CharBuffer text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes.duplicate());
            return text.toString();
        } catch (CharacterCodingException e) {
            return Base64.getEncoder().encodeToString(value.getBytes());
        }
    }

    private static boolean isAscii(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    /** IEEE 754 half precision, as Parquet's FLOAT16 stores it (Java 17 has no {@code Float.float16ToFloat}). */
    static float halfToFloat(short half) {
        int sign = (half >>> 15) & 0x1;
        int exponent = (half >>> 10) & 0x1f;
        int fraction = half & 0x3ff;
        float magnitude;
        if (exponent == 0) {
            magnitude = fraction * 0x1p-24f;
        } else if (exponent == 0x1f) {
            magnitude = fraction == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else {
            magnitude = (1 + fraction / 1024f) * (float) Math.pow(2, exponent - 15);
        }
        return sign == 0 ? magnitude : -magnitude;
    }
}
