package dev.pipit.spi.format;

import static java.util.Objects.requireNonNull;

/**
 * One column of the rows a sink writes, typed from the query result's JDBC metadata.
 *
 * @param precision the total digits of a {@link Type#DECIMAL}, from 1 to 38; 0 for other types
 * @param scale the digits after the point of a {@link Type#DECIMAL}; 0 for other types
 */
public record WriteColumn(String name, Type type, int precision, int scale) {
    public WriteColumn {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        if (type == Type.DECIMAL && (precision < 1 || precision > 38 || scale < 0 || scale > precision)) {
            throw new IllegalArgumentException("a decimal needs 1 <= precision <= 38 and 0 <= scale <= precision: "
                    + precision + ", " + scale);
        }
    }

    /** A column of a type without precision or scale. */
    public static WriteColumn of(String name, Type type) {
        return new WriteColumn(name, type, 0, 0);
    }

    /** The column types, each with the Java type of its values. */
    public enum Type {
        /** {@link Boolean}. */
        BOOLEAN,
        /** {@link Byte}. */
        INT8,
        /** {@link Short}. */
        INT16,
        /** {@link Integer}. */
        INT32,
        /** {@link Long}. */
        INT64,
        /** {@link Float}. */
        FLOAT32,
        /** {@link Double}. */
        FLOAT64,
        /** {@link java.math.BigDecimal} with the column's scale. */
        DECIMAL,
        /** {@link String}. */
        STRING,
        /** {@code byte[]}. */
        BYTES,
        /** {@link java.time.LocalDate}. */
        DATE,
        /** {@link java.time.LocalDateTime}: a date and time without a zone, as ClickHouse's {@code DateTime}. */
        TIMESTAMP,
        /** {@link java.time.Instant}: a point in time (a column {@code WITH TIME ZONE}). */
        TIMESTAMP_UTC
    }
}
