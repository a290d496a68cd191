package dev.pipit.scheduler.cli;

import dev.pipit.scheduler.db.Database;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bin/scheduler sql}: read-only queries, like {@code tb sql}. Two guards keep it read-only: only query
 * statements are accepted, and the transaction is read-only and always rolled back, so even a function with side
 * effects leaves nothing behind.
 */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = "Run a read-only SQL query on Pipit's database (data tables, and state in schema pipit).",
        footer = {"", "Examples:", "  bin/scheduler sql \"SELECT count(*) FROM page_views\"",
                "  bin/scheduler sql \"SELECT status, count(*) FROM pipit.files GROUP BY status\" --json",
                "", "Exit codes: 0 ok, 1 the query failed or is not read-only, 3 database unreachable.",
                "--json prints an array of row objects keyed by column label."})
final class SqlCommand implements Callable<Integer> {
    private static final Pattern READ_ONLY = Pattern.compile("^(select|with|values|table|show|explain)\\b",
            Pattern.CASE_INSENSITIVE);

    @Mixin
    private ProjectOptions options;

    @Parameters(paramLabel = "QUERY", description = "A SELECT (or WITH, VALUES, SHOW, EXPLAIN) statement.")
    private String query;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000",
            description = "Print at most N rows (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    private boolean json;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String statement = stripComments(query).strip();
        if (statement.endsWith(";")) {
            statement = statement.substring(0, statement.length() - 1).strip();
        }
        if (!READ_ONLY.matcher(statement).find() || statement.contains(";")) {
            spec.commandLine().getErr().println("sql: only one read-only statement (SELECT, WITH, VALUES, SHOW, "
                    + "EXPLAIN) is accepted; Pipit changes its tables itself");
            return ExitCodes.FAILED;
        }
        try (Database database = AdminDatabase.open(options);
                Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try (Statement jdbc = connection.createStatement()) {
                jdbc.setMaxRows(limit);
                try (ResultSet rows = jdbc.executeQuery(statement)) {
                    print(rows);
                }
            } catch (SQLException e) {
                spec.commandLine().getErr().println("sql: " + e.getMessage());
                return ExitCodes.FAILED;
            } finally {
                connection.rollback();
            }
        }
        return ExitCodes.OK;
    }

    private void print(ResultSet rows) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        String[] labels = new String[meta.getColumnCount()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = meta.getColumnLabel(i + 1).toLowerCase(Locale.ROOT);
        }
        PrintWriter out = spec.commandLine().getOut();
        List<Map<String, Object>> objects = new ArrayList<>();
        TextTable table = new TextTable(labels);
        while (rows.next()) {
            Object[] values = new Object[labels.length];
            Map<String, Object> object = new LinkedHashMap<>();
            for (int i = 0; i < labels.length; i++) {
                values[i] = jsonValue(rows.getObject(i + 1));
                object.put(labels[i], values[i]);
            }
            objects.add(object);
            table.row(values);
        }
        if (json) {
            JsonOutput.print(out, objects);
        } else {
            table.print(out);
        }
    }

    /** JDBC values Jackson cannot write on its own (arrays, UUIDs, LOBs) become plain values. */
    private static Object jsonValue(Object value) throws SQLException {
        if (value instanceof java.sql.Array array) {
            return List.of((Object[]) array.getArray());
        }
        if (value instanceof java.sql.Clob clob) {
            return clob.getSubString(1, (int) clob.length());
        }
        if (value instanceof java.util.UUID || value instanceof java.time.OffsetDateTime) {
            return value.toString();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        return value;
    }

    private static String stripComments(String sql) {
        return sql.replaceAll("(?m)--.*$", "").replaceAll("(?s)/\\*.*?\\*/", "");
    }
}
