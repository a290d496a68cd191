package dev.pipit.scheduler.catalog;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.db.Dialect;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Writes one file's rows into a data source's table, in the caller's transaction, never committing: the rows
 * become visible with the ledger's "imported". Each database gets its fastest way in: PostgreSQL the COPY
 * protocol ({@link CopyRowWriter}), H2 batched INSERTs ({@link InsertRowWriter}). Not thread-safe; one writer per
 * file import.
 */
public interface RowWriter extends AutoCloseable {
    /** Rows sent to the database at once; large enough that the round trips of a big file hardly count. */
    int DEFAULT_BATCH_SIZE = 1000;

    /**
     * The writer for {@code dialect}, writing {@code columns} of {@code table}.
     *
     * @throws IllegalArgumentException when {@code columns} is empty or a column's type is not supported
     */
    static RowWriter open(Handle handle, Dialect dialect, String table, List<ColumnSpec> columns) throws SQLException {
        requireNonNull(dialect, "dialect is null");
        return dialect == Dialect.POSTGRESQL
                ? new CopyRowWriter(handle, table, columns, CopyRowWriter.DEFAULT_CHUNK_ROWS)
                : new InsertRowWriter(handle, dialect, table, columns, DEFAULT_BATCH_SIZE);
    }

    /**
     * Adds a row of values from {@link ValueConverter}, one per column in order; sends a batch when one is full.
     * The writer may hold on to {@code values} until the next {@link #flush()}; the caller leaves them unchanged.
     */
    void write(Object[] values) throws SQLException;

    /**
     * Sends the rows still batched.
     *
     * @return the rows this writer has written in all
     */
    long flush() throws SQLException;

    /** Releases what the writer holds; rows not flushed are dropped, as they are when the transaction rolls back. */
    @Override
    void close() throws SQLException;
}
