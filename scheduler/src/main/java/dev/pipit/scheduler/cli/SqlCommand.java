package dev.pipit.scheduler.cli;

import dev.pipit.scheduler.db.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
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

    @Mixin
    private ListOutput output;

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
        List<String> labels = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            labels.add(meta.getColumnLabel(i).toLowerCase(Locale.ROOT));
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        while (rows.next()) {
            objects.add(JdbcValues.row(rows));
        }
        output.print(new ListView<Map<String, Object>>(labels, row -> row.values().toArray(), row -> row, "(no rows)"),
                objects);
    }

    private static String stripComments(String sql) {
        return sql.replaceAll("(?m)--.*$", "").replaceAll("(?s)/\\*.*?\\*/", "");
    }
}
