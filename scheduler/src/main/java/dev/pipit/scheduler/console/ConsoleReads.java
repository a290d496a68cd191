package dev.pipit.scheduler.console;

import static dev.pipit.scheduler.db.SqlValues.instant;
import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.db.SqlValues;
import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.history.RunStatus;
import dev.pipit.scheduler.history.RunTrigger;
import dev.pipit.scheduler.ledger.FileStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * The console's reads of the shared database that the admin commands do not already make: aggregates over every
 * data source at once (so the overview asks three questions, not three per data source) and filtered run lists.
 * Plain SELECTs: neither H2 nor PostgreSQL lets them take a lock an import waits for.
 */
public final class ConsoleReads {
    private static final String RUN_COLUMNS = "id, datasource, trigger, node, started_at, ended_at, status, files, "
            + "\"rows\", bytes, quarantined, error";

    private final Jdbi jdbi;

    public ConsoleReads(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /** Per data source, how many ledger files are in each status. */
    public Map<String, Map<FileStatus, Long>> fileCounts() {
        Map<String, Map<FileStatus, Long>> counts = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery(
                        "SELECT datasource, status, count(*) AS n FROM pipit.files GROUP BY datasource, status")
                .map((rs, ctx) -> {
                    counts.computeIfAbsent(rs.getString("datasource"), name -> emptyCounts())
                            .put(FileStatus.fromSql(rs.getString("status")), rs.getLong("n"));
                    return null;
                })
                .list());
        return counts;
    }

    public static Map<FileStatus, Long> emptyCounts() {
        Map<FileStatus, Long> counts = new EnumMap<>(FileStatus.class);
        for (FileStatus status : FileStatus.values()) {
            counts.put(status, 0L);
        }
        return counts;
    }

    /** Per data source, the rows its runs started since {@code since} wrote. */
    public Map<String, Long> rowsSince(Instant since) {
        Map<String, Long> rows = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery("SELECT datasource, sum(\"rows\") AS n FROM pipit.runs "
                        + "WHERE started_at >= :since GROUP BY datasource")
                .bind("since", SqlValues.toTimestamp(since))
                .map((rs, ctx) -> rows.put(rs.getString("datasource"), rs.getLong("n")))
                .list());
        return rows;
    }

    /** Per data source, its latest run: one query over the history's primary key. */
    public Map<String, RunRecord> lastRuns() {
        Map<String, RunRecord> runs = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery("SELECT " + RUN_COLUMNS + " FROM pipit.runs WHERE id IN "
                        + "(SELECT max(id) FROM pipit.runs GROUP BY datasource)")
                .map((rs, ctx) -> map(rs))
                .forEach(run -> runs.put(run.datasource(), run)));
        return runs;
    }

    /**
     * Per data source, the end of its latest run that listed its bucket (or consumed its topic) without failing,
     * and its latest failed run: what the console calls the connection's status.
     */
    public Map<String, ConnectionHealth> health() {
        Map<String, ConnectionHealth> health = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery("""
                        SELECT r.datasource, r.status, r.ended_at, r.error FROM pipit.runs r
                         WHERE r.id IN (SELECT max(id) FROM pipit.runs WHERE status IN ('succeeded', 'partial')
                                        GROUP BY datasource)
                            OR r.id IN (SELECT max(id) FROM pipit.runs WHERE status = 'failed' GROUP BY datasource)""")
                .map((rs, ctx) -> {
                    String name = rs.getString("datasource");
                    ConnectionHealth known = health.getOrDefault(name, ConnectionHealth.UNKNOWN);
                    Instant ended = instant(rs, "ended_at");
                    health.put(name, rs.getString("status").equals("failed")
                            ? new ConnectionHealth(known.lastSuccess(), ended, rs.getString("error"))
                            : new ConnectionHealth(ended, known.lastErrorAt(), known.lastError()));
                    return null;
                })
                .list());
        return health;
    }

    /** A data source's runs that started since {@code since}, oldest first: the marks of its tracker chart. */
    public List<RunRecord> runsSince(String dataSource, Instant since) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + RUN_COLUMNS + " FROM pipit.runs "
                        + "WHERE datasource = :datasource AND started_at >= :since ORDER BY id")
                .bind("datasource", dataSource)
                .bind("since", SqlValues.toTimestamp(since))
                .map((rs, ctx) -> map(rs))
                .list());
    }

    /** The latest runs, newest first, narrowed by whichever filters are given. */
    public List<RunRecord> runs(RunFilter filter, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + RUN_COLUMNS + " FROM pipit.runs WHERE 1 = 1");
        filter.dataSource().ifPresent(value -> sql.append(" AND datasource = :datasource"));
        filter.status().ifPresent(value -> sql.append(" AND status = :status"));
        filter.trigger().ifPresent(value -> sql.append(" AND trigger = :trigger"));
        sql.append(" ORDER BY id DESC LIMIT :limit");
        return jdbi.withHandle(handle -> {
            Query query = handle.createQuery(sql.toString()).bind("limit", limit);
            filter.dataSource().ifPresent(value -> query.bind("datasource", value));
            filter.status().ifPresent(value -> query.bind("status", value.sqlValue()));
            filter.trigger().ifPresent(value -> query.bind("trigger", value.sqlValue()));
            return query.map((rs, ctx) -> map(rs)).list();
        });
    }

    /** The ledger keys a run claimed or failed, with their status, rows and error. */
    public List<RunFile> filesOfRun(long runId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT \"key\", status, \"rows\", quarantined, error "
                        + "FROM pipit.files WHERE run_id = :run ORDER BY \"key\"")
                .bind("run", runId)
                .map((rs, ctx) -> new RunFile(rs.getString("key"), FileStatus.fromSql(rs.getString("status")),
                        SqlValues.nullableLong(rs, "rows"), SqlValues.nullableLong(rs, "quarantined"),
                        rs.getString("error")))
                .list());
    }

    private static RunRecord map(ResultSet rs) throws SQLException {
        return new RunRecord(rs.getLong("id"), rs.getString("datasource"), RunTrigger.fromSql(rs.getString("trigger")),
                rs.getString("node"), instant(rs, "started_at"), instant(rs, "ended_at"),
                RunStatus.fromSql(rs.getString("status")), rs.getInt("files"), rs.getLong("rows"), rs.getLong("bytes"),
                rs.getLong("quarantined"), rs.getString("error"));
    }

    /**
     * What the history says of a data source's connection.
     *
     * @param lastSuccess when a run last listed the bucket or consumed the topic without failing, or {@code null}
     * @param lastErrorAt when a run last failed, or {@code null}
     * @param lastError that run's error
     */
    public record ConnectionHealth(Instant lastSuccess, Instant lastErrorAt, String lastError) {
        static final ConnectionHealth UNKNOWN = new ConnectionHealth(null, null, null);

        /** Whether the latest word is an error. */
        public boolean failing() {
            return lastErrorAt != null && (lastSuccess == null || lastErrorAt.isAfter(lastSuccess));
        }
    }

    /** Filters of the runs page; each is optional. */
    public record RunFilter(Optional<String> dataSource, Optional<RunStatus> status, Optional<RunTrigger> trigger) {}

    /** One file of a run. */
    public record RunFile(String key, FileStatus status, Long rows, Long quarantined, String error) {}
}
