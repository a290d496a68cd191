package dev.pipit.scheduler.cli;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Reads result rows as plain values that both the text table and Jackson can print. */
final class JdbcValues {
    private JdbcValues() {}

    /** The current row keyed by lower-case column label, in column order. */
    static Map<String, Object> row(ResultSet rows) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            row.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), plain(rows.getObject(i)));
        }
        return row;
    }

    /** JDBC values Jackson cannot write as they are (arrays, LOBs, UUIDs, SQL times) become plain values. */
    static Object plain(Object value) throws SQLException {
        if (value instanceof java.sql.Array array) {
            return Arrays.asList((Object[]) array.getArray());
        }
        if (value instanceof java.sql.Clob clob) {
            return clob.getSubString(1, (int) clob.length());
        }
        if (value instanceof java.util.UUID || value instanceof java.time.OffsetDateTime) {
            return value.toString();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        return value;
    }
}
