package dev.pipit.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Baseline: H2 loading the file itself, {@code INSERT INTO events SELECT ... FROM CSVREAD('file')}. */
final class H2CsvRead {
    static final String NAME = "H2 INSERT ... SELECT FROM CSVREAD";

    private H2CsvRead() {}

    /** @return the rows inserted into {@code table} (events schema), committed */
    static long load(Connection connection, String table, Path file) throws SQLException {
        String columns = String.join(", ", EventsCsv.COLUMNS);
        try (Statement statement = connection.createStatement()) {
            return statement.executeLargeUpdate("INSERT INTO " + table + " (" + columns + ") SELECT " + columns
                    + " FROM CSVREAD('" + file.toAbsolutePath().toString().replace("'", "''")
                    + "', NULL, 'charset=UTF-8 caseSensitiveColumnNames=true')");
        }
    }
}
