package dev.pipit.bench;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;

/**
 * Baseline: what a careful user writes by hand. univocity-parsers reads the events file, each field is converted
 * to its column's type, and one prepared INSERT goes to the database in batches of 1,000, in one transaction.
 */
final class UnivocityJdbcLoad {
    static final String NAME = "univocity + JDBC batch insert";
    private static final int BATCH = 1_000;

    private UnivocityJdbcLoad() {}

    /** @return the rows inserted into {@code table} (events schema), committed */
    static long load(Connection connection, String table, Path file) throws SQLException, IOException {
        CsvParserSettings settings = new CsvParserSettings();
        settings.setHeaderExtractionEnabled(true);
        CsvParser parser = new CsvParser(settings);
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        long rows = 0;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " ("
                        + String.join(", ", EventsCsv.COLUMNS) + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            parser.beginParsing(reader);
            String[] row;
            while ((row = parser.parseNext()) != null) {
                insert.setTimestamp(1, Timestamp.valueOf(row[0]));
                insert.setString(2, row[1]);
                insert.setLong(3, Long.parseLong(row[2]));
                insert.setString(4, row[3]);
                insert.setString(5, row[4]);
                insert.setString(6, row[5]);
                insert.setString(7, row[6]);
                insert.setString(8, row[7]);
                insert.setInt(9, Integer.parseInt(row[8]));
                if (row[9] == null) {
                    insert.setNull(10, Types.DOUBLE);
                } else {
                    insert.setDouble(10, Double.parseDouble(row[9]));
                }
                insert.addBatch();
                if (++rows % BATCH == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
            connection.commit();
        } catch (SQLException | IOException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            parser.stopParsing();
            connection.setAutoCommit(autoCommit);
        }
        return rows;
    }
}
