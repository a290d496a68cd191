package dev.pipit.scheduler.pipe;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.load.TableLoader;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.project.Diagnostic;
import dev.pipit.scheduler.project.Location;
import dev.pipit.scheduler.project.PipeDef;
import dev.pipit.scheduler.project.PipeNode;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.project.TemplateParameter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Asks the database whether it can run each pipe, before any schedule fires: every node is prepared in turn, with
 * the nodes above it, so that a function the database lacks (ClickHouse's {@code toStartOfHour}, say) is reported
 * at its node's line with the database's own words. Preparing parses and plans without running anything.
 */
public final class PipeChecks {
    private final Database database;

    public PipeChecks(Database database) {
        this.database = requireNonNull(database, "database is null");
    }

    /**
     * The problems of every pipe, empty when the database can run them all.
     *
     * @param createTables whether to create the tables of data sources with a SCHEMA first, as pipes select from
     *     them; a dry run creates none, and a pipe that reads a table not created yet fails the check
     */
    public List<Diagnostic> check(Project project, boolean createTables) {
        List<Diagnostic> problems = new ArrayList<>();
        if (project.pipes().isEmpty()) {
            return problems;
        }
        TableLoader tables = new TableLoader(database);
        for (DataSourceDef dataSource : project.dataSources().values()) {
            if (createTables && !dataSource.schema().isEmpty()) {
                tables.prepare(dataSource);
            }
        }
        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try {
                for (PipeDef pipe : project.pipes().values()) {
                    check(connection, pipe, problems);
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check the pipes' SQL: " + e.getMessage(), e);
        }
        return problems;
    }

    private static void check(Connection connection, PipeDef pipe, List<Diagnostic> problems) {
        for (int count = 1; count <= pipe.nodes().size(); count++) {
            PipeNode node = pipe.nodes().get(count - 1);
            PipeQuery query = PipeQuery.upTo(pipe, count);
            try (PreparedStatement statement = connection.prepareStatement(query.sql())) {
                bindDefaults(statement, query.markers());
                // PostgreSQL's driver parses on the server only when asked for the result's shape.
                ResultSetMetaData metadata = statement.getMetaData();
                if (count == pipe.nodes().size() && metadata != null) {
                    checkTemplate(pipe, metadata, problems);
                }
            } catch (SQLException e) {
                problems.add(Diagnostic.error(new Location(pipe.file(), node.location().line()), "node "
                        + node.name() + ": the database cannot run this SQL: " + firstLine(e.getMessage())
                        + " (write SQL your database runs: Pipit runs pipes on it, not on ClickHouse)"));
                return;
            }
        }
    }

    private static void checkTemplate(PipeDef pipe, ResultSetMetaData metadata, List<Diagnostic> problems)
            throws SQLException {
        if (pipe.sink().isEmpty()) {
            return;
        }
        Set<String> columns = new TreeSet<>();
        for (int i = 1; i <= metadata.getColumnCount(); i++) {
            columns.add(metadata.getColumnLabel(i).toLowerCase(Locale.ROOT));
        }
        try {
            for (String column : FileTemplate.parse(pipe.sink().get().fileTemplate()).columns()) {
                if (!columns.contains(column.toLowerCase(Locale.ROOT))) {
                    problems.add(Diagnostic.error(Location.ofFile(pipe.file()), "EXPORT_FILE_TEMPLATE names column "
                            + column + ", which the last node does not select (it selects " + String.join(", ", columns)
                            + ")"));
                }
            }
        } catch (IllegalArgumentException e) {
            problems.add(Diagnostic.error(Location.ofFile(pipe.file()), e.getMessage()));
        }
    }

    private static void bindDefaults(PreparedStatement statement, List<TemplateParameter> markers)
            throws SQLException {
        for (int i = 0; i < markers.size(); i++) {
            TemplateParameter marker = markers.get(i);
            if (marker.defaultValue().isPresent()) {
                statement.setObject(i + 1, marker.type().parse(marker.defaultValue().get()));
            } else {
                statement.setNull(i + 1, switch (marker.type()) {
                    case STRING -> Types.VARCHAR;
                    case INTEGER -> Types.BIGINT;
                    case FLOAT -> Types.DOUBLE;
                    case BOOLEAN -> Types.BOOLEAN;
                    case DATE -> Types.DATE;
                    case DATETIME -> Types.TIMESTAMP;
                });
            }
        }
    }

    private static String firstLine(String message) {
        String text = String.valueOf(message).strip();
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline);
        // H2 appends the whole statement, which the node's line already points at.
        int statement = line.indexOf("; SQL statement:");
        return statement < 0 ? line : line.substring(0, statement);
    }
}
