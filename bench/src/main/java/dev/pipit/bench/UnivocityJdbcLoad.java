package dev.pipit.bench;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * Baseline: what a careful user writes by hand. univocity-parsers reads the events file, each field is converted
 * to its column's type, and one prepared INSERT goes to the database in batches ({@link EventsInsert}).
 */
final class UnivocityJdbcLoad {
    static final String NAME = "univocity + JDBC batch insert";

    private UnivocityJdbcLoad() {}

    /** @return the rows inserted into {@code table} (events schema), committed */
    static long load(Connection connection, String table, Path file) throws SQLException, IOException {
        CsvParserSettings settings = new CsvParserSettings();
        settings.setHeaderExtractionEnabled(true);
        CsvParser parser = new CsvParser(settings);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                EventsInsert insert = new EventsInsert(connection, table)) {
            parser.beginParsing(reader);
            String[] row;
            while ((row = parser.parseNext()) != null) {
                insert.add(Timestamp.valueOf(row[0]), row[1], Long.parseLong(row[2]), row[3], row[4], row[5], row[6],
                        row[7], Integer.parseInt(row[8]), row[9] == null ? null : Double.valueOf(row[9]));
            }
            return insert.commit();
        } finally {
            parser.stopParsing();
        }
    }
}
