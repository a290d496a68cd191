package dev.pipit.scheduler.catalog;

import dev.pipit.scheduler.db.Dialect;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The {@link RowWriter} for PostgreSQL: rows go in through the COPY protocol in its binary form
 * ({@link BinaryCopy}), many times faster than INSERTs because the server reads one stream instead of a statement
 * per row.
 *
 * <p>One COPY stays open from the first row to {@link #flush()}, fed by a {@link CopyStream} on its own thread, so
 * that reading and converting the file, writing COPY text, and PostgreSQL's parsing of it all run at once. The
 * quarantine writer and the ledger need the connection, so they use it only after a flush; every COPY stays in
 * the file's transaction all the same, so a rollback takes every one of them back.
 */
final class CopyRowWriter implements RowWriter {
    static final int DEFAULT_CHUNK_ROWS = 500;

    /** Hands a chunk over early when its text grows this large, so that wide rows do not pile up in memory. */
    private static final int MAX_CHUNK_CHARS = 1 << 20;

    private final int width;
    /** Shared by the writer's COPYs one after the other: each stream has it until it finishes or is aborted. */
    private final BinaryCopy encoder;
    private final CopyManager copy;
    private final String sql;
    private final String threadName;
    private final int chunkRows;
    private Object[][] chunk;
    private int chunked;
    private long chunkChars;
    private CopyStream stream;
    private long written;

    /** @param chunkRows the rows handed to the COPY thread at once */
    CopyRowWriter(Handle handle, String table, List<ColumnSpec> columns, int chunkRows) throws SQLException {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("columns is empty");
        }
        if (chunkRows < 1) {
            throw new IllegalArgumentException("chunkRows must be >= 1");
        }
        Dialect dialect = Dialect.POSTGRESQL;
        this.width = columns.size();
        this.encoder = new BinaryCopy(columns.stream().map(ColumnSpec::name).toList(),
                columns.stream().map(column -> TypeMap.sqlType(column.type(), dialect)).toList());
        this.copy = handle.getConnection().unwrap(PGConnection.class).getCopyAPI();
        this.sql = "COPY " + dialect.quote(SqlNames.check(table, "table")) + " ("
                + columns.stream().map(column -> dialect.quote(column.name())).collect(Collectors.joining(", "))
                + ") FROM STDIN WITH (FORMAT binary)";
        this.threadName = "pipit-copy-" + table;
        this.chunkRows = chunkRows;
        this.chunk = new Object[chunkRows][];
    }

    @Override
    public void write(Object[] values) throws SQLException {
        if (values.length != width) {
            throw new IllegalArgumentException("expected " + width + " values, got " + values.length);
        }
        chunk[chunked++] = values;
        for (Object value : values) {
            if (value instanceof String text) {
                chunkChars += text.length();
            }
        }
        if (chunked == chunkRows || chunkChars >= MAX_CHUNK_CHARS) {
            handOver();
        }
    }

    private void handOver() throws SQLException {
        if (stream == null) {
            stream = CopyStream.start(copy, sql, encoder, threadName);
        }
        Object[][] rows = chunked == chunkRows ? chunk : Arrays.copyOf(chunk, chunked);
        chunk = new Object[chunkRows][];
        chunked = 0;
        chunkChars = 0;
        stream.send(rows);
    }

    @Override
    public long flush() throws SQLException {
        if (chunked > 0) {
            handOver();
        }
        if (stream != null) {
            CopyStream finishing = stream;
            stream = null;
            written += finishing.finish();
        }
        return written;
    }

    @Override
    public void close() {
        Arrays.fill(chunk, null);
        chunked = 0;
        if (stream != null) {
            stream.abort();
            stream = null;
        }
    }
}
