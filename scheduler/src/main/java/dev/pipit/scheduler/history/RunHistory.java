package dev.pipit.scheduler.history;

import static dev.pipit.scheduler.db.SqlValues.instant;
import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.db.SqlValues;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Job history ({@code pipit.runs}). A run is recorded in its own committed transaction when it starts, so it is
 * visible while it works; each file's counters are added inside that file's transaction, so the history never
 * counts rows that were rolled back.
 */
public final class RunHistory {
    private static final int ERROR_LENGTH = 4000;
    /** Why a cut-off sink or copy run failed: neither leaves anything half done behind. */
    static final String PIPE_RUN_REASON = "the run was cut off (its daemon stopped or died): a copy's transaction was "
            + "rolled back, and a sink's unfinished files never appeared under their names";

    private static final String COLUMNS = "id, datasource, trigger, node, started_at, ended_at, status, files, "
            + "\"rows\", bytes, quarantined, error";

    private static final String INSERT = """
            INSERT INTO pipit.runs (datasource, trigger, node, request_id, started_at, status)
            VALUES (:datasource, :trigger, :node, :request, CURRENT_TIMESTAMP, 'running')""";

    private static final String ADD_FILE = """
            UPDATE pipit.runs
               SET files = files + :files, "rows" = "rows" + :rows, bytes = bytes + :bytes,
                   quarantined = quarantined + :quarantined
             WHERE id = :id""";

    private static final String ADD_BATCH = """
            UPDATE pipit.runs
               SET "rows" = "rows" + :rows, bytes = bytes + :bytes, quarantined = quarantined + :quarantined
             WHERE id = :id""";

    private static final String FINISH = """
            UPDATE pipit.runs SET status = :status, error = :error, ended_at = CURRENT_TIMESTAMP
             WHERE id = :id""";

    private static final String FAIL_INTERRUPTED = """
            UPDATE pipit.runs
               SET status = 'failed', ended_at = CURRENT_TIMESTAMP,
                   error = CASE WHEN trigger = 'stream' THEN :streamError
                                WHEN trigger IN ('sink', 'copy') THEN :pipeError ELSE :fileError END
             WHERE node = :node AND status = 'running'""";

    /**
     * The runs only a daemon makes: scheduled, consumed, or triggered through a daemon (which records the request).
     * A one-shot {@code bin/scheduler run} records a manual run without a request.
     */
    private static final String DAEMON_RUNS = " AND (trigger <> 'manual' OR request_id IS NOT NULL)";

    private final Jdbi jdbi;

    public RunHistory(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /** Records a new run as running and commits it. */
    public long start(String datasource, RunTrigger trigger, String node) {
        return start(datasource, trigger, node, null);
    }

    /**
     * Records a new run as running and commits it.
     *
     * @param request the trigger request the run answers, or {@code null} for a scheduled run
     */
    public long start(String datasource, RunTrigger trigger, String node, String request) {
        requireNonNull(datasource, "datasource is null");
        requireNonNull(trigger, "trigger is null");
        requireNonNull(node, "node is null");
        return jdbi.inTransaction(handle -> handle.createUpdate(INSERT)
                .bind("datasource", datasource)
                .bind("trigger", trigger.sqlValue())
                .bind("node", node)
                .bind("request", request)
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one());
    }

    /** Counts imported files, in their transaction. */
    public void addFiles(Handle handle, long runId, int files, long rows, long bytes, long quarantined) {
        int updated = handle.createUpdate(ADD_FILE)
                .bind("id", runId)
                .bind("files", files)
                .bind("rows", rows)
                .bind("bytes", bytes)
                .bind("quarantined", quarantined)
                .execute();
        requireRun(runId, updated);
    }

    /** Counts one batch of a stream, in that batch's transaction; a stream run has no files. */
    public void addBatch(Handle handle, long runId, long rows, long bytes, long quarantined) {
        int updated = handle.createUpdate(ADD_BATCH)
                .bind("id", runId)
                .bind("rows", rows)
                .bind("bytes", bytes)
                .bind("quarantined", quarantined)
                .execute();
        requireRun(runId, updated);
    }

    /**
     * Records how a run ended.
     *
     * @param error why it failed, or {@code null}; cut to fit its column
     */
    public void finish(long runId, RunStatus status, String error) {
        if (requireNonNull(status, "status is null") == RunStatus.RUNNING) {
            throw new IllegalArgumentException("a finished run cannot be running");
        }
        int updated = jdbi.inTransaction(handle -> handle.createUpdate(FINISH)
                .bind("id", runId)
                .bind("status", status.sqlValue())
                .bind("error", SqlValues.fit(error, ERROR_LENGTH))
                .execute());
        requireRun(runId, updated);
    }

    /**
     * Marks the runs this node left running as failed. Called when a daemon starts: a run still running under its
     * own node name was cut off by a crash or a kill, and the transaction it had open was rolled back with it.
     *
     * @param fileRunReason the error of an import run, whose file in progress is pending again
     * @param streamRunReason the error of a consumption interval ({@link RunTrigger#STREAM}), whose batch in
     *     progress is read again from the stored offsets
     * @return how many runs were marked
     */
    public int failInterrupted(String node, String fileRunReason, String streamRunReason) {
        return jdbi.inTransaction(handle -> failInterrupted(handle, node, fileRunReason, streamRunReason));
    }

    /**
     * Marks the runs a node left running as failed, in the caller's transaction: Quartz's cluster recovery uses it
     * to end a dead node's runs in the transaction that takes over that node's jobs.
     *
     * @see #failInterrupted(String, String, String)
     */
    public static int failInterrupted(Handle handle, String node, String fileRunReason, String streamRunReason) {
        return update(handle, FAIL_INTERRUPTED, node, fileRunReason, streamRunReason);
    }

    /**
     * Marks the runs a dead daemon of this node left running as failed, and leaves the runs of one-shot
     * {@code bin/scheduler run} commands alone, since another one of this node may be running them now. The
     * caller makes sure that no daemon of this node is alive.
     *
     * @see #failInterrupted(String, String, String)
     */
    public static int failDaemonInterrupted(Handle handle, String node, String fileRunReason, String streamRunReason) {
        return update(handle, FAIL_INTERRUPTED + DAEMON_RUNS, node, fileRunReason, streamRunReason);
    }

    private static int update(Handle handle, String sql, String node, String fileRunReason, String streamRunReason) {
        return handle.createUpdate(sql)
                .bind("node", requireNonNull(node, "node is null"))
                .bind("fileError", SqlValues.fit(fileRunReason, ERROR_LENGTH))
                .bind("streamError", SqlValues.fit(streamRunReason, ERROR_LENGTH))
                .bind("pipeError", PIPE_RUN_REASON)
                .execute();
    }

    /**
     * The latest run that answers a trigger request: the one that is running or ran last, when a dead node's run
     * was taken over by another.
     */
    public Optional<RunRecord> findByRequest(String request) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS
                        + " FROM pipit.runs WHERE request_id = :request ORDER BY id DESC LIMIT 1")
                .bind("request", requireNonNull(request, "request is null"))
                .map(RunHistory::map)
                .findOne());
    }

    /**
     * The latest runs, newest first.
     *
     * @param datasource only this data source's runs, or {@code null} for all
     */
    public List<RunRecord> recent(String datasource, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM pipit.runs"
                + (datasource != null ? " WHERE datasource = :datasource" : "") + " ORDER BY id DESC LIMIT :limit";
        return jdbi.withHandle(handle -> {
            Query query = handle.createQuery(sql).bind("limit", limit);
            if (datasource != null) {
                query.bind("datasource", datasource);
            }
            return query.map(RunHistory::map).list();
        });
    }

    public Optional<RunRecord> find(long runId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM pipit.runs WHERE id = :id")
                .bind("id", runId)
                .map(RunHistory::map)
                .findOne());
    }

    private static void requireRun(long runId, int updated) {
        if (updated != 1) {
            throw new IllegalArgumentException("run " + runId + " does not exist");
        }
    }

    private static RunRecord map(ResultSet rs, StatementContext context) throws SQLException {
        return new RunRecord(
                rs.getLong("id"),
                rs.getString("datasource"),
                RunTrigger.fromSql(rs.getString("trigger")),
                rs.getString("node"),
                instant(rs, "started_at"),
                instant(rs, "ended_at"),
                RunStatus.fromSql(rs.getString("status")),
                rs.getInt("files"),
                rs.getLong("rows"),
                rs.getLong("bytes"),
                rs.getLong("quarantined"),
                rs.getString("error"));
    }
}
