package dev.pipit.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;

/**
 * The insert half of the hand-written baselines: one prepared INSERT of an event, sent in batches of 1,000, in
 * one transaction committed by {@link #commit()}; closing without it rolls back.
 */
final class EventsInsert implements AutoCloseable {
    private static final int BATCH = 1_000;

    private final Connection connection;
    private final boolean autoCommit;
    private final PreparedStatement insert;
    private long rows;
    private boolean committed;

    EventsInsert(Connection connection, String table) throws SQLException {
        this.connection = connection;
        this.autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        this.insert = connection.prepareStatement("INSERT INTO " + table + " (" + String.join(", ", EventsCsv.COLUMNS)
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }

    /** Adds one event; {@code referrer} and {@code revenue} may be {@code null}. */
    void add(Timestamp ts, String eventId, long userId, String eventType, String path, String referrer,
            String country, String device, int durationMs, Double revenue) throws SQLException {
        insert.setTimestamp(1, ts);
        insert.setString(2, eventId);
        insert.setLong(3, userId);
        insert.setString(4, eventType);
        insert.setString(5, path);
        insert.setString(6, referrer);
        insert.setString(7, country);
        insert.setString(8, device);
        insert.setInt(9, durationMs);
        if (revenue == null) {
            insert.setNull(10, Types.DOUBLE);
        } else {
            insert.setDouble(10, revenue);
        }
        insert.addBatch();
        if (++rows % BATCH == 0) {
            insert.executeBatch();
        }
    }

    /** Sends the rows added since the last batch went, leaving the commit to the caller. */
    void send() throws SQLException {
        insert.executeBatch();
    }

    /** @return the rows inserted */
    long commit() throws SQLException {
        insert.executeBatch();
        connection.commit();
        committed = true;
        return rows;
    }

    @Override
    public void close() throws SQLException {
        try {
            insert.close();
            if (!committed) {
                connection.rollback();
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
