package dev.pipit.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Timestamp;

/** Baseline for H2: the plain parquet-hadoop read loop into the same batched INSERT as the CSV baseline. */
final class ParquetJdbcLoad {
    static final String NAME = "parquet-hadoop loop + JDBC batch insert";

    private ParquetJdbcLoad() {}

    /** @return the rows inserted into {@code table} (events schema), committed */
    static long load(Connection connection, String table, Path file) throws Exception {
        try (EventsInsert insert = new EventsInsert(connection, table)) {
            RawParquet.forEach(file, row -> insert.add(new Timestamp(row.getLong("ts", 0)),
                    row.getString("event_id", 0), row.getLong("user_id", 0), row.getString("event_type", 0),
                    row.getString("path", 0), RawParquet.string(row, "referrer"), row.getString("country", 0),
                    row.getString("device", 0), row.getInteger("duration_ms", 0),
                    row.getFieldRepetitionCount("revenue") == 0 ? null : row.getDouble("revenue", 0)));
            return insert.commit();
        }
    }
}
