package dev.pipit.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;

/** Baseline: the fastest way into PostgreSQL, the whole file through {@code COPY ... FROM STDIN} (PgJDBC). */
final class PostgresCopy {
    static final String NAME = "COPY FROM STDIN (PgJDBC CopyManager)";

    private PostgresCopy() {}

    /** @return the rows copied into {@code table} (events schema), committed */
    static long load(Connection connection, String table, Path file) throws SQLException, IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " ("
                    + String.join(", ", EventsCsv.COLUMNS) + ") FROM STDIN WITH (FORMAT csv, HEADER true)", in,
                    1 << 16);
        }
    }
}
