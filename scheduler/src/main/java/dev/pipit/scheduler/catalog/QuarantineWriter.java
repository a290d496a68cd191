package dev.pipit.scheduler.catalog;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.db.Dialect;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Inserts rows that did not fit into {@code <table>_quarantine} (see {@link TableManager#ensureQuarantineTable}),
 * in batches, in the caller's transaction, never committing. Every original value is stored as text, so the row
 * can be fixed and replayed. Not thread-safe; one writer per file import.
 */
public final class QuarantineWriter implements AutoCloseable {
    private final Dialect dialect;
    private final int columnCount;
    private final String importId;
    private final Connection connection;
    private final BatchedInsert insert;

    public QuarantineWriter(Handle handle, Dialect dialect, String table, List<String> columnNames, String importId)
            throws SQLException {
        this(handle, dialect, table, columnNames, importId, RowWriter.DEFAULT_BATCH_SIZE);
    }

    /**
     * @param importId identifies this import in {@value TableManager#IMPORT_ID}
     */
    public QuarantineWriter(Handle handle, Dialect dialect, String table, List<String> columnNames, String importId,
            int batchSize) throws SQLException {
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.importId = requireNonNull(importId, "importId is null");
        this.columnCount = columnNames.size();
        this.connection = handle.getConnection();
        List<String> names = new ArrayList<>();
        columnNames.forEach(name -> names.add(dialect.quote(SqlNames.check(name, "column"))));
        List.of(TableManager.ERROR_COLUMN, TableManager.ERROR, TableManager.IMPORT_ID, TableManager.INSERTION_DATE)
                .forEach(name -> names.add(dialect.quote(name)));
        String placeholders = "?, ".repeat(columnCount + 3) + "CURRENT_TIMESTAMP";
        this.insert = new BatchedInsert(connection.prepareStatement("INSERT INTO "
                + dialect.quote(SqlNames.check(TableManager.quarantineTable(table), "table"))
                + " (" + String.join(", ", names) + ") VALUES (" + placeholders + ")"), batchSize);
    }

    /**
     * Adds a quarantined row; sends the batch when it is full.
     *
     * @param sourceValues the row's values as the source gave them, one per column, {@code null} for missing
     * @param errors what did not fit, at least one
     */
    public void write(Object[] sourceValues, List<InvalidValueException> errors) throws SQLException {
        if (sourceValues.length != columnCount) {
            throw new IllegalArgumentException("expected " + columnCount + " values, got " + sourceValues.length);
        }
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a quarantined row needs at least one error");
        }
        int index = 1;
        for (Object value : sourceValues) {
            if (value == null) {
                insert.statement().setNull(index++, Types.VARCHAR);
            } else {
                insert.statement().setString(index++, storable(ScalarParsers.text(value)));
            }
        }
        insert.statement().setArray(index++, textArray(errors.stream().map(InvalidValueException::column).toArray()));
        insert.statement().setArray(index++,
                textArray(errors.stream().map(error -> storable(error.getMessage())).toArray()));
        insert.statement().setString(index, importId);
        insert.add();
    }

    /** Whether the next {@link #write} fills the batch and so uses the connection. */
    public boolean sendsOnNextWrite() {
        return insert.sendsOnNextAdd();
    }

    /**
     * Sends the rows still batched.
     *
     * @return the rows this writer has written in all
     */
    public long flush() throws SQLException {
        return insert.flush();
    }

    /** Releases the statement; rows not flushed are dropped, as they are when the transaction rolls back. */
    @Override
    public void close() throws SQLException {
        insert.close();
    }

    /**
     * The text with each NUL character written as a backslash escape: PostgreSQL text cannot hold U+0000, and a
     * quarantined row must go in whatever it holds.
     */
    private static String storable(String text) {
        return text.indexOf('\0') < 0 ? text : text.replace("\0", "\\u0000");
    }

    private Array textArray(Object[] values) throws SQLException {
        return dialect.createArray(connection, "varchar", values);
    }
}
