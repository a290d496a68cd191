package dev.pipit.scheduler.pipe;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.catalog.TableManager;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunHistory;
import dev.pipit.scheduler.history.RunStatus;
import dev.pipit.scheduler.history.RunTrigger;
import dev.pipit.scheduler.load.TableLoader;
import dev.pipit.scheduler.project.CopySpec;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.project.PipeDef;
import dev.pipit.scheduler.project.Project;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a copy pipe: {@code INSERT INTO target SELECT ...} in one transaction, after deleting the target's rows
 * when the mode is replace, so readers see the old rows or the new ones, never a mix, and a failed run changes
 * nothing. The result's columns go to the target's columns of the same name.
 */
public final class CopyRun {
    private static final Logger LOG = LoggerFactory.getLogger(CopyRun.class);

    private final Database database;
    private final RunHistory history;
    private final PipeHistory pipeHistory;
    private final TableLoader tables;
    private final TableManager tableManager;
    private final String node;
    private final PipeStop stop;

    public CopyRun(Database database, String node) {
        this(database, node, new PipeStop());
    }

    /** @param stop cancels the run in progress when requested */
    public CopyRun(Database database, String node, PipeStop stop) {
        this.database = requireNonNull(database, "database is null");
        this.stop = requireNonNull(stop, "stop is null");
        this.history = new RunHistory(database.jdbi());
        this.pipeHistory = new PipeHistory(database.jdbi());
        this.tables = new TableLoader(database);
        this.tableManager = new TableManager(database.dialect());
        this.node = requireNonNull(node, "node is null");
    }

    /**
     * Copies once and records the run.
     *
     * @param mode overrides {@code COPY_MODE}, or {@code null}
     * @param request the trigger request the run answers, or {@code null}
     */
    public PipeRun run(Project project, PipeDef pipe, Map<String, String> parameters, CopySpec.Mode mode,
            String request) {
        CopySpec copy = pipe.copy().orElseThrow(() -> new IllegalArgumentException(pipe.name() + " is no copy pipe"));
        CopySpec.Mode effective = mode == null ? copy.mode() : mode;
        PipeQuery query = PipeQuery.of(pipe);
        List<Object> values = query.values(parameters);
        DataSourceDef target = project.dataSources().get(copy.target());
        long runId = history.start(pipe.name(), RunTrigger.COPY, node, request);
        LOG.info("Copy {}: run {} started", pipe.name(), runId);
        try {
            if (target != null) {
                tables.prepare(target);
            }
            long rows = database.jdbi().inTransaction(handle -> {
                List<String> columns = resultColumns(
                        handle.getConnection().prepareStatement(query.sqlForRun(runId)), values);
                Map<String, String> targetColumns = new HashMap<>();
                for (String column : tableManager.existingColumns(handle, copy.target())) {
                    targetColumns.put(column.toLowerCase(Locale.ROOT), column);
                }
                if (targetColumns.isEmpty()) {
                    throw new IllegalStateException("data source " + copy.target() + " has no table yet: give it a "
                            + "SCHEMA, or let it import once");
                }
                List<String> into = new ArrayList<>();
                List<String> from = new ArrayList<>();
                for (String column : columns) {
                    String targetColumn = targetColumns.get(column.toLowerCase(Locale.ROOT));
                    if (targetColumn == null) {
                        throw new IllegalStateException("the result's column " + column + " is not a column of data "
                                + "source " + copy.target() + " (it has " + String.join(", ", targetColumns.values())
                                + "); rename it with AS, or add it to the data source's SCHEMA");
                    }
                    into.add(database.dialect().quote(targetColumn));
                    from.add("pipe_result." + database.dialect().quote(column));
                }
                tableManager.lockChanges(handle, copy.target());
                String table = database.dialect().quote(copy.target());
                if (effective == CopySpec.Mode.REPLACE) {
                    handle.execute("DELETE FROM " + table);
                }
                String insert = "INSERT INTO " + table + " (" + String.join(", ", into) + ") SELECT "
                        + String.join(", ", from) + " FROM (" + query.sqlForRun(runId) + ") pipe_result";
                try (PreparedStatement statement = handle.getConnection().prepareStatement(insert)) {
                    PipeQuery.bind(statement, values);
                    long inserted = stop.during(statement, statement::executeLargeUpdate);
                    pipeHistory.recordRows(handle, runId, inserted);
                    return inserted;
                }
            });
            history.finish(runId, RunStatus.SUCCEEDED, null);
            LOG.info("Copy {}: run {} {} {} rows into {}", pipe.name(), runId,
                    effective == CopySpec.Mode.REPLACE ? "replaced the rows with" : "appended", rows, copy.target());
            return new PipeRun(runId, pipe.name(), RunStatus.SUCCEEDED, rows, 0, List.of(), null);
        } catch (Exception e) {
            String cause = stop.describe(e);
            LOG.warn("Copy {}: run {} failed: {}", pipe.name(), runId, cause);
            history.finish(runId, RunStatus.FAILED, cause);
            return new PipeRun(runId, pipe.name(), RunStatus.FAILED, 0, 0, List.of(), cause);
        }
    }

    private static List<String> resultColumns(PreparedStatement statement, List<Object> values) throws Exception {
        try (statement) {
            PipeQuery.bind(statement, values);
            ResultSetMetaData metadata = statement.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= metadata.getColumnCount(); i++) {
                columns.add(metadata.getColumnLabel(i));
            }
            return columns;
        }
    }
}
