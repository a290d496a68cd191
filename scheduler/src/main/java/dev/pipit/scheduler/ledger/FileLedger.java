package dev.pipit.scheduler.ledger;

import static dev.pipit.scheduler.db.SqlValues.instant;
import static dev.pipit.scheduler.db.SqlValues.nullableLong;
import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.db.SqlValues;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The file ledger ({@code pipit.files}): which objects of each data source are known, and how far each got.
 *
 * <p>Methods that take a {@link Handle} run in the caller's transaction and never commit; the others open and
 * commit their own.
 */
public final class FileLedger {
    private static final int ERROR_LENGTH = 4000;

    private static final String COLUMNS = "id, datasource, bucket, object_key, \"key\", size, etag, last_modified, "
            + "status, run_id, \"rows\", quarantined, bytes, error, discovered_at, updated_at, attempts, next_attempt_at, "
            + "generation";

    // ON CONFLICT DO NOTHING without a target: H2's PostgreSQL mode accepts only this form, and the only unique
    // constraints are the id and (datasource, bucket, object_key).
    private static final String INSERT_DISCOVERED = """
            INSERT INTO pipit.files (datasource, bucket, object_key, "key", size, etag, last_modified, status,
                                     discovered_at, updated_at)
            VALUES (:datasource, :bucket, :objectKey, :uri, :size, :etag, :lastModified, 'pending', CURRENT_TIMESTAMP,
                    CURRENT_TIMESTAMP)
            ON CONFLICT DO NOTHING""";

    /** The order files are imported in: as the store changed them, the key breaking ties. */
    private static final String IMPORT_ORDER = " ORDER BY last_modified, \"key\"";

    /** A file waiting out its retry backoff is pending, but not due. */
    private static final String SELECT_PENDING = "SELECT " + COLUMNS
            + " FROM pipit.files WHERE datasource = :datasource AND status = 'pending'"
            + " AND (next_attempt_at IS NULL OR next_attempt_at <= CURRENT_TIMESTAMP)" + IMPORT_ORDER;

    private static final long CLAIM_FIRST_PAUSE_MS = 10;
    private static final long CLAIM_LAST_PAUSE_MS = 160;

    /** Skips a row another transaction holds: that run is importing the file, and may be for minutes. */
    private static final String CLAIM = """
            UPDATE pipit.files SET status = 'importing', run_id = :runId, updated_at = CURRENT_TIMESTAMP
             WHERE id = (SELECT id FROM pipit.files WHERE id = :id AND status = 'pending' FOR UPDATE SKIP LOCKED)""";

    private static final String MARK_IMPORTED = """
            UPDATE pipit.files
               SET status = 'imported', "rows" = :rows, quarantined = :quarantined, bytes = :bytes, error = NULL,
                   updated_at = CURRENT_TIMESTAMP
             WHERE id = :id AND status = 'importing'""";

    /** Only a pending file: by the time a failure is recorded, another run may have imported the file. */
    private static final String MARK_FAILED = """
            UPDATE pipit.files SET status = 'failed', run_id = :runId, error = :error, next_attempt_at = NULL,
                   updated_at = CURRENT_TIMESTAMP
             WHERE id = (SELECT id FROM pipit.files WHERE id = :id AND status = 'pending' FOR UPDATE SKIP LOCKED)""";

    /** As {@link #MARK_FAILED}, but the file stays pending until its backoff ends. */
    private static final String DEFER = """
            UPDATE pipit.files SET run_id = :runId, error = :error, retries = retries + 1,
                   next_attempt_at = :nextAttemptAt, updated_at = CURRENT_TIMESTAMP
             WHERE id = (SELECT id FROM pipit.files WHERE id = :id AND status = 'pending' AND retries < :maxRetries
                            FOR UPDATE SKIP LOCKED)""";

    private static final String RETRIES = "SELECT retries FROM pipit.files WHERE id = :id";

    private static final String RECORD_FAILURE = """
            INSERT INTO pipit.file_failures (file_id, run_id, error, transient, failed_at)
            VALUES (:id, :runId, :error, :transient, CURRENT_TIMESTAMP)""";

    /** With the action of each file's current import, if any; hence the qualified names. */
    private static final String SELECT_LIST = "SELECT f.*, a.action AS after_action, a.target_key AS after_target_key,"
            + " a.status AS after_status, a.attempts AS after_attempts, a.error AS after_error,"
            + " a.next_attempt_at AS after_next_attempt_at"
            + " FROM pipit.files f LEFT JOIN pipit.after_import a ON a.file_id = f.id AND a.generation = f.generation"
            + " WHERE f.datasource = :datasource";

    /*
     * Not max(object_key): H2 computes that by reading every key of the data source under the prefix, which made an
     * idle tick grow with the history. Ordered by the whole unique index (datasource, bucket, object_key), both H2
     * and PostgreSQL walk the index backwards and stop at the first row.
     */
    private static final String LAST_KEY = """
            SELECT object_key FROM pipit.files
             WHERE datasource = :datasource AND bucket = :bucket AND object_key LIKE :prefix ESCAPE '\\'
             ORDER BY datasource DESC, bucket DESC, object_key DESC LIMIT 1""";

    private static final String ETAGS = """
            SELECT object_key, etag FROM pipit.files
             WHERE datasource = :datasource AND bucket = :bucket AND etag IS NOT NULL AND object_key IN (<keys>)""";

    /** Locks the row, so that of two discoveries seeing the same new version only one queues it. */
    private static final String OVERWRITTEN = """
            SELECT id, "key" FROM pipit.files
             WHERE datasource = :datasource AND bucket = :bucket AND object_key = :objectKey AND status = 'imported'
               AND etag IS NOT NULL AND etag <> :etag FOR UPDATE""";

    private static final String KEEP_IMPORT = """
            INSERT INTO pipit.file_imports (file_id, generation, run_id, "rows", quarantined, bytes, etag, imported_at)
            SELECT id, generation, run_id, "rows", quarantined, bytes, etag, updated_at FROM pipit.files WHERE id = :id""";

    private static final String QUEUE_VERSION = """
            UPDATE pipit.files SET status = 'pending', generation = generation + 1, etag = :etag, size = :size,
                   last_modified = :lastModified, "rows" = NULL, quarantined = NULL, bytes = NULL, error = NULL,
                   retries = 0, unfinished_attempts = 0, next_attempt_at = NULL, updated_at = CURRENT_TIMESTAMP
             WHERE id = :id""";

    private static final String COUNT_BY_STATUS = """
            SELECT status, count(*) AS files FROM pipit.files WHERE datasource = :datasource GROUP BY status""";

    private final Jdbi jdbi;

    public FileLedger(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /**
     * Adds the files the ledger does not know yet as {@code pending}; files already present (the same bucket and
     * key), whatever their status, are left alone, so listing the same objects again is harmless.
     *
     * @return how many files were new
     */
    public int recordDiscovered(Handle handle, String datasource, List<DiscoveredFile> files) {
        requireNonNull(datasource, "datasource is null");
        if (files.isEmpty()) {
            return 0;
        }
        PreparedBatch batch = handle.prepareBatch(INSERT_DISCOVERED);
        for (DiscoveredFile file : files) {
            batch.bind("datasource", datasource)
                    .bind("bucket", file.bucket())
                    .bind("objectKey", file.objectKey())
                    .bind("uri", file.uri())
                    .bind("size", file.size())
                    .bind("etag", file.etag())
                    .bindBySqlType("lastModified", SqlValues.toTimestamp(file.lastModified()), Types.TIMESTAMP_WITH_TIMEZONE)
                    .add();
        }
        int inserted = 0;
        for (int count : batch.execute()) {
            inserted += count;
        }
        return inserted;
    }

    /**
     * The greatest key of a data source in {@code bucket} that starts with {@code prefix}, or {@code null} when there
     * is none. "Greatest" is by the database's collation, which may differ from the store's byte order; the key is
     * one the ledger holds either way, so listing after it never skips more than listing after the byte-order
     * greatest.
     */
    public String lastKey(Handle handle, String datasource, String bucket, String prefix) {
        String pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return handle.createQuery(LAST_KEY)
                .bind("datasource", datasource)
                .bind("bucket", bucket)
                .bind("prefix", pattern)
                .mapTo(String.class)
                .findOne()
                .orElse(null);
    }

    /**
     * The URIs of the files among {@code files}, all listed in {@code bucket}, that the ledger knows with another
     * ETag: the object was rewritten after it was discovered. Files without an ETag, on either side, never count
     * as changed.
     */
    public List<String> changedEtags(Handle handle, String datasource, String bucket, List<DiscoveredFile> files) {
        Map<String, DiscoveredFile> listed = new HashMap<>();
        for (DiscoveredFile file : files) {
            if (file.etag() != null) {
                listed.put(file.objectKey(), file);
            }
        }
        if (listed.isEmpty()) {
            return List.of();
        }
        return handle.createQuery(ETAGS)
                .bind("datasource", datasource)
                .bind("bucket", bucket)
                .bindList("keys", List.copyOf(listed.keySet()))
                .map((rs, ctx) -> new KnownEtag(rs.getString("object_key"), rs.getString("etag")))
                .stream()
                .filter(known -> !known.etag().equals(listed.get(known.objectKey()).etag()))
                .map(known -> listed.get(known.objectKey()).uri())
                .sorted()
                .toList();
    }

    /**
     * Queues again, as a new generation, each imported file among {@code files} that the store now lists with
     * another ETag ({@code IMPORT_ON_OVERWRITE import}); the finished import moves to {@code file_imports}. The new
     * ETag is recorded in the same transaction, so each version is queued once.
     *
     * @return the URIs queued
     */
    public List<String> queueNewVersions(Handle handle, String datasource, List<DiscoveredFile> files) {
        List<String> queued = new ArrayList<>();
        for (DiscoveredFile file : files) {
            if (file.etag() == null) {
                continue;
            }
            handle.createQuery(OVERWRITTEN)
                    .bind("datasource", datasource)
                    .bind("bucket", file.bucket())
                    .bind("objectKey", file.objectKey())
                    .bind("etag", file.etag())
                    .mapTo(Long.class)
                    .findOne()
                    .ifPresent(id -> {
                        handle.createUpdate(KEEP_IMPORT).bind("id", id).execute();
                        handle.createUpdate(QUEUE_VERSION)
                                .bind("id", id)
                                .bind("etag", file.etag())
                                .bind("size", file.size())
                                .bindBySqlType("lastModified", SqlValues.toTimestamp(file.lastModified()),
                                        Types.TIMESTAMP_WITH_TIMEZONE)
                                .execute();
                        queued.add(file.uri());
                    });
        }
        return queued;
    }

    /** The pending files of a data source, oldest first (by last modification, then key); all when limit <= 0. */
    public List<LedgerFile> pending(Handle handle, String datasource, int limit) {
        Query query = handle.createQuery(SELECT_PENDING + (limit > 0 ? " LIMIT :limit" : ""))
                .bind("datasource", datasource);
        if (limit > 0) {
            query.bind("limit", limit);
        }
        return query.map(FileLedger::map).list();
    }

    /**
     * Marks a pending file as being imported by {@code runId}, in the caller's transaction.
     *
     * <p>The update takes the row's lock until the transaction ends, and the whole import of the file (rows,
     * quarantine, {@link #markImported}) must happen in that same transaction. That is what makes a claim safe: a
     * second run that tries to claim the file skips it at once ({@code SKIP LOCKED}) rather than waiting for an
     * import that may take minutes, and a crash or rollback returns the file to {@code pending} with nothing of it
     * written. No other transaction ever sees {@code importing}.
     *
     * @return whether this call claimed the file; {@code false} when it was not pending (another run has it)
     */
    public boolean claim(Handle handle, long fileId, long runId) {
        // A pending row can be locked for a moment only (another run recording or ending an attempt at it,
        // FileAttempts): skipping it then could leave it to no run at all, so a pending file is tried again a few
        // times before it counts as held by another run's import.
        for (long pause = CLAIM_FIRST_PAUSE_MS; ; pause *= 2) {
            if (handle.createUpdate(CLAIM).bind("id", fileId).bind("runId", runId).execute() == 1) {
                return true;
            }
            boolean pending = handle.createQuery("SELECT status FROM pipit.files WHERE id = :id").bind("id", fileId)
                    .mapTo(String.class).findOne().filter("pending"::equals).isPresent();
            if (!pending || pause > CLAIM_LAST_PAUSE_MS) {
                return false;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /**
     * Records a claimed file as imported, in the transaction that claimed it.
     *
     * @throws IllegalStateException when the file was not claimed in this transaction
     */
    public void markImported(Handle handle, long fileId, long rows, long quarantined, long bytes) {
        int updated = handle.createUpdate(MARK_IMPORTED)
                .bind("id", fileId)
                .bind("rows", rows)
                .bind("quarantined", quarantined)
                .bind("bytes", bytes)
                .execute();
        if (updated != 1) {
            throw new IllegalStateException("file " + fileId + " is not being imported: claim it first");
        }
    }

    /**
     * Records why a file failed, in its own transaction: the import's transaction has been rolled back by then, so
     * the failure must be committed apart from it. The error is cut to fit its column. A file another run has
     * claimed or imported meanwhile is left as it is.
     */
    public void markFailed(long fileId, long runId, String error) {
        jdbi.useTransaction(handle -> {
            int failed = handle.createUpdate(MARK_FAILED)
                    .bind("id", fileId)
                    .bind("runId", runId)
                    .bind("error", SqlValues.fit(error, ERROR_LENGTH))
                    .execute();
            if (failed == 1) {
                recordFailure(handle, fileId, runId, error, false);
            }
        });
    }

    /**
     * Records a transient failure (the store kept failing to deliver the file): while the file has automatic retries
     * left it stays pending, not taken before {@code backoff} (doubled for each retry already used) has passed;
     * then it is marked failed for good, a dead letter. Every failure's cause is kept in {@code file_failures}.
     *
     * @return the time of the next attempt, or {@code null} when the file is now failed (or another run has it)
     */
    public Instant deferOrFail(long fileId, long runId, String error, int maxRetries, Duration backoff) {
        return jdbi.inTransaction(handle -> {
            int used = handle.createQuery(RETRIES).bind("id", fileId).mapTo(Integer.class).findOne().orElse(0);
            Instant next = Instant.now().plus(backoff.multipliedBy(1L << Math.min(used, 16)));
            int deferred = used >= maxRetries ? 0 : handle.createUpdate(DEFER)
                    .bind("id", fileId)
                    .bind("runId", runId)
                    .bind("error", SqlValues.fit(error, ERROR_LENGTH))
                    .bind("maxRetries", maxRetries)
                    .bindBySqlType("nextAttemptAt", SqlValues.toTimestamp(next), Types.TIMESTAMP_WITH_TIMEZONE)
                    .execute();
            if (deferred == 1) {
                recordFailure(handle, fileId, runId, error, true);
                return next;
            }
            String deadLetter = used >= maxRetries && maxRetries > 0
                    ? error + " (gave up after " + (used + 1) + " runs; import.file-retries " + maxRetries + ")"
                    : error;
            int failed = handle.createUpdate(MARK_FAILED)
                    .bind("id", fileId)
                    .bind("runId", runId)
                    .bind("error", SqlValues.fit(deadLetter, ERROR_LENGTH))
                    .execute();
            if (failed == 1) {
                recordFailure(handle, fileId, runId, deadLetter, true);
            }
            return null;
        });
    }

    /** Keeps a failed attempt's cause in the file's history, in the caller's transaction. */
    static void recordFailure(Handle handle, long fileId, Long runId, String error, boolean isTransient) {
        handle.createUpdate(RECORD_FAILURE)
                .bind("id", fileId)
                .bindBySqlType("runId", runId, Types.BIGINT)
                .bind("error", SqlValues.fit(error, ERROR_LENGTH))
                .bind("transient", isTransient)
                .execute();
    }

    /**
     * The files of a data source in the order they are imported in.
     *
     * @param status only files in this status, or {@code null} for all
     * @param limit at most this many; all when limit <= 0
     */
    public List<LedgerFile> list(String datasource, FileStatus status, int limit) {
        String sql = SELECT_LIST + (status != null ? " AND f.status = :status" : "") + " ORDER BY f.last_modified, f.\"key\""
                + (limit > 0 ? " LIMIT :limit" : "");
        return jdbi.withHandle(handle -> {
            Query query = handle.createQuery(sql).bind("datasource", datasource);
            if (status != null) {
                query.bind("status", status.sqlValue());
            }
            if (limit > 0) {
                query.bind("limit", limit);
            }
            return query.map(FileLedger::mapWithAfterImport).list();
        });
    }

    /** How many files of a data source are in each status; every status is present, with 0 when it has none. */
    public Map<FileStatus, Long> counts(String datasource) {
        Map<FileStatus, Long> counts = new EnumMap<>(FileStatus.class);
        for (FileStatus status : FileStatus.values()) {
            counts.put(status, 0L);
        }
        jdbi.useHandle(handle -> handle.createQuery(COUNT_BY_STATUS)
                .bind("datasource", datasource)
                .map((rs, ctx) -> Map.entry(FileStatus.fromSql(rs.getString("status")), rs.getLong("files")))
                .forEach(entry -> counts.put(entry.getKey(), entry.getValue())));
        return counts;
    }

    private static LedgerFile map(ResultSet rs, StatementContext context) throws SQLException {
        return file(rs, null);
    }

    private static LedgerFile mapWithAfterImport(ResultSet rs, StatementContext context) throws SQLException {
        String action = rs.getString("after_action");
        AfterImportState afterImport = action == null ? null : new AfterImportState(action,
                rs.getString("after_target_key"), rs.getString("after_status"), rs.getInt("after_attempts"),
                rs.getString("after_error"), instant(rs, "after_next_attempt_at"));
        return file(rs, afterImport);
    }

    private static LedgerFile file(ResultSet rs, AfterImportState afterImport) throws SQLException {
        return new LedgerFile(
                rs.getLong("id"),
                rs.getString("datasource"),
                rs.getString("bucket"),
                rs.getString("object_key"),
                rs.getString("key"),
                nullableLong(rs, "size"),
                rs.getString("etag"),
                instant(rs, "last_modified"),
                FileStatus.fromSql(rs.getString("status")),
                nullableLong(rs, "run_id"),
                nullableLong(rs, "rows"),
                nullableLong(rs, "quarantined"),
                nullableLong(rs, "bytes"),
                rs.getString("error"),
                instant(rs, "discovered_at"),
                instant(rs, "updated_at"),
                rs.getInt("attempts"),
                instant(rs, "next_attempt_at"),
                rs.getInt("generation"),
                afterImport);
    }

    private record KnownEtag(String objectKey, String etag) {}
}
