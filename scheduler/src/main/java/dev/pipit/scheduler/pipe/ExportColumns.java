package dev.pipit.scheduler.pipe;

import dev.pipit.spi.format.WriteColumn;
import dev.pipit.spi.format.WriteColumn.Type;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The typed columns of a query's result, from its JDBC metadata, for formats that store types (Parquet), and its
 * values in the Java types {@link WriteColumn.Type} promises. A type no format column fits (times of day, UUIDs,
 * arrays, a decimal without a stated precision) is written as its text, as CSV writes it.
 */
final class ExportColumns {
    private ExportColumns() {}

    static List<WriteColumn> of(ResultSetMetaData metadata) throws SQLException {
        List<WriteColumn> columns = new ArrayList<>();
        for (int i = 1; i <= metadata.getColumnCount(); i++) {
            columns.add(column(metadata.getColumnLabel(i), metadata.getColumnType(i),
                    metadata.getColumnTypeName(i), metadata.getPrecision(i), metadata.getScale(i)));
        }
        return columns;
    }

    static WriteColumn column(String name, int sqlType, String typeName, int precision, int scale) {
        return switch (sqlType) {
            case Types.BOOLEAN, Types.BIT -> WriteColumn.of(name, Type.BOOLEAN);
            case Types.TINYINT -> WriteColumn.of(name, Type.INT8);
            case Types.SMALLINT -> WriteColumn.of(name, Type.INT16);
            case Types.INTEGER -> WriteColumn.of(name, Type.INT32);
            case Types.BIGINT -> WriteColumn.of(name, Type.INT64);
            case Types.REAL -> WriteColumn.of(name, Type.FLOAT32);
            case Types.FLOAT, Types.DOUBLE -> WriteColumn.of(name, Type.FLOAT64);
            // PostgreSQL's unconstrained numeric states no precision: its values may have any scale.
            case Types.DECIMAL, Types.NUMERIC -> precision >= 1 && precision <= 38 && scale >= 0 && scale <= precision
                    ? new WriteColumn(name, Type.DECIMAL, precision, scale) : WriteColumn.of(name, Type.STRING);
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> WriteColumn.of(name, Type.BYTES);
            case Types.DATE -> WriteColumn.of(name, Type.DATE);
            // PostgreSQL reports timestamptz as a TIMESTAMP; its name tells it apart.
            case Types.TIMESTAMP -> WriteColumn.of(name, typeName != null
                    && typeName.toLowerCase(Locale.ROOT).startsWith("timestamptz") ? Type.TIMESTAMP_UTC : Type.TIMESTAMP);
            case Types.TIMESTAMP_WITH_TIMEZONE -> WriteColumn.of(name, Type.TIMESTAMP_UTC);
            default -> WriteColumn.of(name, Type.STRING);
        };
    }

    /** {@code value} as the driver returned it, in the Java type of {@code column}'s type. */
    static Object value(WriteColumn column, Object value) {
        if (value == null) {
            return null;
        }
        return switch (column.type()) {
            case BOOLEAN -> value instanceof Boolean bool ? bool : ((Number) value).intValue() != 0;
            case INT8 -> ((Number) value).byteValue();
            case INT16 -> ((Number) value).shortValue();
            case INT32 -> ((Number) value).intValue();
            case INT64 -> ((Number) value).longValue();
            case FLOAT32 -> ((Number) value).floatValue();
            case FLOAT64 -> ((Number) value).doubleValue();
            case DECIMAL -> ((BigDecimal) value).setScale(column.scale(), RoundingMode.UNNECESSARY);
            case STRING -> value instanceof String text ? text : ExportFormat.text(value);
            case BYTES -> (byte[]) value;
            case DATE -> value instanceof java.sql.Date date ? date.toLocalDate() : (LocalDate) value;
            case TIMESTAMP -> localDateTime(value);
            case TIMESTAMP_UTC -> instant(value);
        };
    }

    private static LocalDateTime localDateTime(Object value) {
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toLocalDateTime();
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.atZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
        return (LocalDateTime) value;
    }

    private static Instant instant(Object value) {
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof ZonedDateTime zoned) {
            return zoned.toInstant();
        }
        return (Instant) value;
    }
}
