package dev.pipit.bench;

import java.io.StringReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import org.apache.parquet.example.data.Group;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Baseline for PostgreSQL: the plain parquet-hadoop read loop, each row written as CSV text and sent through
 * {@code COPY ... FROM STDIN} 10,000 rows at a time, the way Pipit writes to PostgreSQL.
 */
final class ParquetCopyLoad {
    static final String NAME = "parquet-hadoop loop + COPY FROM STDIN";
    private static final int BATCH = 10_000;

    private ParquetCopyLoad() {}

    /** @return the rows copied into {@code table} (events schema), committed */
    static long load(Connection connection, String table, Path file) throws Exception {
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        String sql = "COPY " + table + " (" + String.join(", ", EventsCsv.COLUMNS) + ") FROM STDIN WITH (FORMAT csv)";
        StringBuilder batch = new StringBuilder();
        long[] copied = {0};
        int[] batched = {0};
        RawParquet.forEach(file, row -> {
            appendRow(batch, row);
            if (++batched[0] == BATCH) {
                copied[0] += copy.copyIn(sql, new StringReader(batch.toString()));
                batch.setLength(0);
                batched[0] = 0;
            }
        });
        if (batched[0] > 0) {
            copied[0] += copy.copyIn(sql, new StringReader(batch.toString()));
        }
        return copied[0];
    }

    private static void appendRow(StringBuilder out, Group row) {
        out.append(Instant.ofEpochMilli(row.getLong("ts", 0))).append(',');
        quoted(out, row.getString("event_id", 0)).append(',').append(row.getLong("user_id", 0)).append(',');
        quoted(out, row.getString("event_type", 0)).append(',');
        quoted(out, row.getString("path", 0)).append(',');
        quoted(out, RawParquet.string(row, "referrer")).append(',');
        quoted(out, row.getString("country", 0)).append(',');
        quoted(out, row.getString("device", 0)).append(',').append(row.getInteger("duration_ms", 0)).append(',');
        if (row.getFieldRepetitionCount("revenue") > 0) {
            out.append(row.getDouble("revenue", 0));
        }
        out.append('\n');
    }

    /** A CSV field that is NULL when {@code value} is, and the text itself otherwise, even when empty. */
    private static StringBuilder quoted(StringBuilder out, String value) {
        return value == null ? out : out.append('"').append(value.replace("\"", "\"\"")).append('"');
    }
}
