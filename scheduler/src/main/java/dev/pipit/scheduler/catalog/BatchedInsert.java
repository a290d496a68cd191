package dev.pipit.scheduler.catalog;

import static java.util.Objects.requireNonNull;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * One prepared INSERT reused for a whole file, sent to the database a batch at a time: the round trips of a
 * million-row file are a thousand, not a million. Never commits; the caller's transaction does.
 */
final class BatchedInsert implements AutoCloseable {
    private final PreparedStatement statement;
    private final int batchSize;
    private int batched;
    private long written;

    BatchedInsert(PreparedStatement statement, int batchSize) {
        this.statement = requireNonNull(statement, "statement is null");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1");
        }
        this.batchSize = batchSize;
    }

    /** The statement whose parameters the caller sets before {@link #add()}. */
    PreparedStatement statement() {
        return statement;
    }

    /** Adds the row whose parameters are set; sends the batch when it is full. */
    void add() throws SQLException {
        statement.addBatch();
        if (++batched == batchSize) {
            flush();
        }
    }

    /** Whether the next {@link #add()} fills the batch and sends it. */
    boolean sendsOnNextAdd() {
        return batched + 1 == batchSize;
    }

    /** Sends the rows still batched; returns the rows written in all. */
    long flush() throws SQLException {
        if (batched > 0) {
            statement.executeBatch();
            written += batched;
            batched = 0;
        }
        return written;
    }

    /** Releases the statement; rows not flushed are dropped, as they are when the transaction rolls back. */
    @Override
    public void close() throws SQLException {
        statement.close();
    }
}
