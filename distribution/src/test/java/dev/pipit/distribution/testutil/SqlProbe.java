package dev.pipit.distribution.testutil;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the database a Pipit process writes, for what a test asserts: straight through JDBC, as any admin tool
 * could, since a {@code bin/scheduler sql} would cost a JVM start per query.
 */
public final class SqlProbe {
    private final String url;
    private final String user;
    private final String password;

    public SqlProbe(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** The database of Pipit's {@code db.url}, {@code db.user} and {@code db.password} settings. */
    public static SqlProbe of(Map<String, String> settings) {
        return new SqlProbe(settings.get("db.url"), settings.get("db.user"), settings.get("db.password"));
    }

    /** The project's default H2 file, when no daemon holds it. */
    public static SqlProbe h2(Path project) {
        return new SqlProbe(h2Url(project), "pipit", "");
    }

    /** The project's default H2 file through the running daemon's AUTO_SERVER, as admin commands read it then. */
    public static SqlProbe h2Served(Path project) {
        return new SqlProbe(h2Url(project) + ";AUTO_SERVER=TRUE", "pipit", "");
    }

    private static String h2Url(Path project) {
        return "jdbc:h2:file:" + project.resolve("data/pipit") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** Every row, each value as text. */
    public List<List<String>> rows(String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
                    row.add(result.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** The first value of the first row, as text; the query must return a row. */
    public String text(String sql) throws SQLException {
        return first(sql, rows -> rows.getString(1));
    }

    /** The first value of the first row, as a number; the query must return a row. */
    public long count(String sql) throws SQLException {
        return first(sql, rows -> rows.getLong(1));
    }

    private <T> T first(String sql, Column<T> column) throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).as(sql).isTrue();
            return column.read(rows);
        }
    }

    /** Zero while Pipit has not created the table yet. */
    public long countOrZero(String sql) throws SQLException {
        try {
            return count(sql);
        } catch (SQLException e) {
            // H2 says the table is "not found"; PostgreSQL's SQLSTATE 42P01 is "undefined table".
            if (e.getMessage().contains("not found") || "42P01".equals(e.getSQLState())) {
                return 0;
            }
            throw e;
        }
    }

    public void awaitCount(String sql, long expected, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        long actual = -1;
        while (Instant.now().isBefore(deadline)) {
            actual = countOrZero(sql);
            if (actual == expected) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(sql + " stayed at " + actual + ", expected " + expected);
    }

    /** Waits until the count grew past {@code previous}, so that what the test does next lands mid-stream. */
    public long awaitMoreThan(String sql, long previous, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            long actual = countOrZero(sql);
            if (actual > previous) {
                return actual;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(sql + " never grew past " + previous);
    }

    @FunctionalInterface
    private interface Column<T> {
        T read(ResultSet row) throws SQLException;
    }
}
