package dev.pipit.scheduler.ledger;

import static dev.pipit.scheduler.db.SqlValues.instant;
import static dev.pipit.scheduler.db.SqlValues.nullableLong;
import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.db.SqlValues;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * The after-import actions of the ledger ({@code pipit.after_import}): what {@code IMPORT_AFTER_IMPORT} asked for
 * each import of a file, and how far it got. An action is recorded in the transaction that imports the file and
 * carried out after that commit, each attempt in a transaction that holds the action's row, so two runs never
 * carry out the same action at once.
 */
public final class AfterImportLedger {
    private static final int ERROR_LENGTH = 4000;

    /** The generation is the file's, read in the import's own transaction. */
    private static final String RECORD = """
            INSERT INTO pipit.after_import (file_id, generation, action, target_key, status, created_at, updated_at)
            SELECT id, generation, :action, :targetKey, 'pending', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
              FROM pipit.files WHERE id = :id""";

    /** By status first, through its index: an idle tick must not read every action done in the past. */
    private static final String DUE = """
            SELECT a.file_id, a.generation, a.action, a.target_key, a.attempts, f.bucket, f.object_key, f."key", f.size,
                   f.etag, f.last_modified
              FROM pipit.after_import a JOIN pipit.files f ON f.id = a.file_id
             WHERE a.status IN ('pending', 'failed') AND f.datasource = :datasource
               AND (a.next_attempt_at IS NULL OR a.next_attempt_at <= CURRENT_TIMESTAMP)""";

    /** Skips an action another run is carrying out; it is that run's. */
    private static final String LOCK = """
            SELECT attempts FROM pipit.after_import
             WHERE file_id = :id AND generation = :generation AND status <> 'done' FOR UPDATE SKIP LOCKED""";

    private static final String DONE = """
            UPDATE pipit.after_import SET status = 'done', attempts = attempts + 1, error = NULL, next_attempt_at = NULL,
                   updated_at = CURRENT_TIMESTAMP
             WHERE file_id = :id AND generation = :generation""";

    private static final String FAILED = """
            UPDATE pipit.after_import SET status = 'failed', attempts = attempts + 1, error = :error,
                   next_attempt_at = :nextAttemptAt, updated_at = CURRENT_TIMESTAMP
             WHERE file_id = :id AND generation = :generation""";

    /** By status first, through its index; done actions, however many, are never read. */
    private static final String FAILED_BY_DATASOURCE = """
            SELECT f.datasource, count(*) AS n, max(a.updated_at) AS last_failed_at
              FROM pipit.after_import a JOIN pipit.files f ON f.id = a.file_id
             WHERE a.status = 'failed'%s GROUP BY f.datasource""";

    private static final String LATEST_ERROR = """
            SELECT a.error FROM pipit.after_import a JOIN pipit.files f ON f.id = a.file_id
             WHERE a.status = 'failed' AND f.datasource = :datasource%s
             ORDER BY a.updated_at DESC, a.file_id DESC LIMIT 1""";

    private static final String IMPORTED_BY_NODE = " AND f.run_id IN (SELECT id FROM pipit.runs WHERE node = :node)";

    private final Jdbi jdbi;

    public AfterImportLedger(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /**
     * Records the action for the file's current import, in the transaction that imports it.
     *
     * @param targetKey where a move puts the object; {@code null} for a delete
     */
    public void record(Handle handle, long fileId, String action, String targetKey) {
        int inserted = handle.createUpdate(RECORD)
                .bind("id", fileId)
                .bind("action", requireNonNull(action, "action is null"))
                .bindBySqlType("targetKey", targetKey, Types.VARCHAR)
                .execute();
        if (inserted != 1) {
            throw new IllegalStateException("file " + fileId + " is not in the ledger");
        }
    }

    /**
     * The actions of a data source that are not done and not waiting out a backoff, oldest import first.
     *
     * @param fileId only this file's, or {@code null} for all
     */
    public List<Action> due(String datasource, Long fileId) {
        String sql = DUE + (fileId == null ? "" : " AND a.file_id = :id") + " ORDER BY a.created_at, a.file_id";
        return jdbi.withHandle(handle -> {
            var query = handle.createQuery(sql).bind("datasource", datasource);
            if (fileId != null) {
                query.bind("id", fileId);
            }
            return query.map((rs, ctx) -> new Action(
                            rs.getLong("file_id"), rs.getInt("generation"), rs.getString("action"),
                            rs.getString("target_key"), rs.getInt("attempts"), rs.getString("bucket"),
                            rs.getString("object_key"), rs.getString("key"), nullableLong(rs, "size"),
                            rs.getString("etag"), instant(rs, "last_modified")))
                    .list();
        });
    }

    /**
     * Takes the action's row for the caller's transaction, which carries the action out and records how it went.
     *
     * @return whether this transaction holds it; {@code false} when another run does, or it is done meanwhile
     */
    public boolean take(Handle handle, Action action) {
        return handle.createQuery(LOCK)
                .bind("id", action.fileId())
                .bind("generation", action.generation())
                .mapTo(Integer.class)
                .findOne()
                .isPresent();
    }

    public void markDone(Handle handle, Action action) {
        handle.createUpdate(DONE).bind("id", action.fileId()).bind("generation", action.generation()).execute();
    }

    /** Records a failed attempt; the action is tried again from {@code nextAttemptAt} on. */
    public void markFailed(Handle handle, Action action, String error, Instant nextAttemptAt) {
        handle.createUpdate(FAILED)
                .bind("id", action.fileId())
                .bind("generation", action.generation())
                .bind("error", SqlValues.fit(error, ERROR_LENGTH))
                .bindBySqlType("nextAttemptAt", SqlValues.toTimestamp(nextAttemptAt), Types.TIMESTAMP_WITH_TIMEZONE)
                .execute();
    }

    /** Per data source with any, its actions whose latest attempt failed: what an operator must look at. */
    public Map<String, Failing> failing() {
        return failing(null);
    }

    /**
     * As {@link #failing()}, of the files a run of {@code node} imported: the node that alerts for them.
     *
     * @param node a node's name, or {@code null} for every node
     */
    public Map<String, Failing> failing(String node) {
        String byNode = node == null ? "" : IMPORTED_BY_NODE;
        return jdbi.withHandle(handle -> {
            Map<String, Failing> failing = new TreeMap<>();
            byNode(handle.createQuery(FAILED_BY_DATASOURCE.formatted(byNode)), node)
                    .map((rs, ctx) -> Map.entry(rs.getString("datasource"),
                            new Failing(rs.getLong("n"), instant(rs, "last_failed_at"), null)))
                    .forEach(entry -> failing.put(entry.getKey(), entry.getValue()));
            failing.replaceAll((datasource, counts) -> new Failing(counts.count(), counts.lastFailedAt(),
                    byNode(handle.createQuery(LATEST_ERROR.formatted(byNode)), node).bind("datasource", datasource)
                            .mapTo(String.class).findFirst().orElse(null)));
            return failing;
        });
    }

    private static Query byNode(Query query, String node) {
        return node == null ? query : query.bind("node", node);
    }

    /**
     * A data source's failing actions.
     *
     * @param count actions whose latest attempt failed (each is tried again by a later run)
     * @param lastFailedAt when the latest of those attempts failed
     * @param lastError why it failed
     */
    public record Failing(long count, Instant lastFailedAt, String lastError) {}

    /**
     * One action to carry out, with the object it concerns as the ledger knows it.
     *
     * @param attempts the attempts before this one
     */
    public record Action(long fileId, int generation, String action, String targetKey, int attempts, String bucket,
            String objectKey, String uri, Long size, String etag, Instant lastModified) {}
}
