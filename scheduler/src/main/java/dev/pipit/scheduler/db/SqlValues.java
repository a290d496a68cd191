package dev.pipit.scheduler.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Conversions every repository needs at the JDBC boundary, written once so H2 and PostgreSQL read alike. */
public final class SqlValues {
    private SqlValues() {}

    /**
     * Cuts {@code text} to fit a {@code varchar(maxLength)} column, marking the cut with an ellipsis. An error
     * message too long for its column must not turn into a second error that hides the first.
     */
    public static String fit(String text, int maxLength) {
        if (text == null || text.length() <= maxLength) {
            return text;
        }
        int end = maxLength - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    /** For binding with {@code Types.TIMESTAMP_WITH_TIMEZONE}: both drivers take an {@link OffsetDateTime}. */
    public static OffsetDateTime toTimestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** Reads a {@code timestamp with time zone} column as an instant; {@code null} for SQL NULL. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** Reads a {@code bigint} column; {@code null} for SQL NULL rather than JDBC's 0. */
    public static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
