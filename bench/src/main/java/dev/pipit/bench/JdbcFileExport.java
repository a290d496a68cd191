package dev.pipit.bench;

import dev.pipit.testkit.parquet.ParquetFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * What a person writes instead of a sink pipe: a JDBC cursor over the events table and a loop that writes each row
 * to a local file, as CSV with a {@link BufferedWriter}, or as Parquet with parquet-hadoop's example writer and the
 * same Snappy pages Pipit writes.
 */
final class JdbcFileExport {
    static final String CSV_NAME = "JDBC loop → CSV file";
    static final String PARQUET_NAME = "JDBC loop → parquet-hadoop file";

    private static final int FETCH_SIZE = 1000;
    private static final String PARQUET_SCHEMA = """
            message events {
              optional int64 ts (TIMESTAMP(MICROS,false));
              optional binary event_id (STRING);
              optional int64 user_id;
              optional binary event_type (STRING);
              optional binary path (STRING);
              optional binary referrer (STRING);
              optional binary country (STRING);
              optional binary device (STRING);
              optional int32 duration_ms;
              optional double revenue;
            }""";

    private JdbcFileExport() {}

    /** @return the rows written */
    static long csv(Connection connection, String table, Path file) throws SQLException, IOException {
        connection.setAutoCommit(false);
        long rows = 0;
        try (PreparedStatement statement = select(connection, table);
                ResultSet result = statement.executeQuery();
                Writer out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            int columns = result.getMetaData().getColumnCount();
            out.write(String.join(",", EventsCsv.COLUMNS));
            out.write('\n');
            while (result.next()) {
                for (int i = 1; i <= columns; i++) {
                    if (i > 1) {
                        out.write(',');
                    }
                    Object value = result.getObject(i);
                    if (value != null) {
                        String text = value.toString();
                        out.write(text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
                                ? '"' + text.replace("\"", "\"\"") + '"' : text);
                    }
                }
                out.write('\n');
                rows++;
            }
        } finally {
            connection.rollback();
        }
        return rows;
    }

    /** @return the rows written */
    static long parquet(Connection connection, String table, Path file) throws SQLException, IOException {
        long rows = count(connection, table);
        connection.setAutoCommit(false);
        try (PreparedStatement statement = select(connection, table);
                ResultSet result = statement.executeQuery()) {
            ParquetFiles.write(file, PARQUET_SCHEMA, CompressionCodecName.SNAPPY, rows,
                    (index, group) -> fill(result, group));
        } finally {
            connection.rollback();
        }
        return rows;
    }

    private static void fill(ResultSet result, Group group) {
        try {
            if (!result.next()) {
                throw new IllegalStateException("the table lost rows while it was exported");
            }
            Timestamp ts = result.getTimestamp("ts");
            group.add("ts", ChronoUnit.MICROS.between(java.time.Instant.EPOCH,
                    ts.toLocalDateTime().toInstant(ZoneOffset.UTC)));
            group.add("event_id", result.getString("event_id"));
            group.add("user_id", result.getLong("user_id"));
            group.add("event_type", result.getString("event_type"));
            group.add("path", result.getString("path"));
            String referrer = result.getString("referrer");
            if (referrer != null) {
                group.add("referrer", referrer);
            }
            group.add("country", result.getString("country"));
            group.add("device", result.getString("device"));
            group.add("duration_ms", result.getInt("duration_ms"));
            double revenue = result.getDouble("revenue");
            if (!result.wasNull()) {
                group.add("revenue", revenue);
            }
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    private static PreparedStatement select(Connection connection, String table) throws SQLException {
        PreparedStatement statement = connection.prepareStatement("SELECT * FROM " + table,
                ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        statement.setFetchSize(FETCH_SIZE);
        return statement;
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM " + table)) {
            result.next();
            return result.getLong(1);
        }
    }
}
