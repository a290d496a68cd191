package dev.pipit.scheduler.ledger;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.db.SqlValues;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Puts files back in the queue on an operator's word: failed files for another try ({@code bin/scheduler retry}),
 * imported keys for a second import ({@code bin/scheduler reimport}). Nothing is forgotten: failures stay in
 * {@code file_failures}, an import being redone moves to {@code file_imports}, and {@code attempts} keeps counting.
 */
public final class FileRequeue {
    private static final String SELECT_FILES = "SELECT id, \"key\", object_key, status FROM pipit.files"
            + " WHERE datasource = :datasource";

    /** A failure recorded before V10 kept its cause only in files.error; it joins the history before it is cleared. */
    private static final String KEEP_LEGACY_FAILURE = """
            INSERT INTO pipit.file_failures (file_id, run_id, error, transient, failed_at)
            SELECT id, run_id, error, FALSE, updated_at FROM pipit.files
             WHERE id = :id AND error IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM pipit.file_failures WHERE file_id = :id)""";

    /** The crash count starts over too: the operator asks for a new try, which a poison verdict would refuse. */
    private static final String RETRY = """
            UPDATE pipit.files SET status = 'pending', error = NULL, retries = 0, unfinished_attempts = 0,
                   next_attempt_at = NULL, updated_at = CURRENT_TIMESTAMP
             WHERE id = :id AND status = 'failed'""";

    private static final String KEEP_IMPORT = """
            INSERT INTO pipit.file_imports (file_id, generation, run_id, "rows", quarantined, bytes, etag, imported_at)
            SELECT id, generation, run_id, "rows", quarantined, bytes, etag, updated_at FROM pipit.files
             WHERE id = :id AND status = 'imported'""";

    private static final String REIMPORT = """
            UPDATE pipit.files SET status = 'pending', generation = generation + 1, "rows" = NULL, quarantined = NULL,
                   bytes = NULL, error = NULL, retries = 0, unfinished_attempts = 0, next_attempt_at = NULL,
                   updated_at = CURRENT_TIMESTAMP
             WHERE id = :id AND status = 'imported'""";

    /**
     * What a request did.
     *
     * @param queued the URIs of the files put back to pending
     * @param refused each key asked for that was not, with the reason
     */
    public record Outcome(List<String> queued, Map<String, String> refused) {}

    private final Jdbi jdbi;

    public FileRequeue(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /**
     * Puts failed files back to pending, to be taken by the data source's next run.
     *
     * @param keys only these keys (a URI as {@code files} shows it, or the key in the bucket); every failed file when
     *     empty
     * @param since only files that failed at or after this time, or {@code null}
     */
    public Outcome retry(String dataSource, List<String> keys, Instant since) {
        return jdbi.inTransaction(handle -> {
            String sql = SELECT_FILES + (keys.isEmpty() ? " AND status = 'failed'" : "")
                    + (since != null ? " AND updated_at >= :since" : "") + " ORDER BY \"key\"";
            List<Row> rows = select(handle, sql, dataSource, since);
            List<String> queued = new ArrayList<>();
            Map<String, String> refused = matching(rows, keys);
            for (Row row : rows) {
                if (!keys.isEmpty() && !row.matchesAny(keys)) {
                    continue;
                }
                if (!row.status().equals("failed")) {
                    refused.put(row.uri(), "is " + row.status() + ", not failed"
                            + (row.status().equals("imported") ? ": bin/scheduler reimport imports it again" : ""));
                    continue;
                }
                handle.createUpdate(KEEP_LEGACY_FAILURE).bind("id", row.id()).execute();
                handle.createUpdate(RETRY).bind("id", row.id()).execute();
                queued.add(row.uri());
            }
            return new Outcome(queued, refused);
        });
    }

    /**
     * Queues imported keys for another import. The finished import is kept in {@code file_imports}; the key's next
     * import is a new generation, done exactly once like the first.
     */
    public Outcome reimport(String dataSource, List<String> keys) {
        return jdbi.inTransaction(handle -> {
            List<Row> rows = select(handle, SELECT_FILES + " ORDER BY \"key\"", dataSource, null);
            List<String> queued = new ArrayList<>();
            Map<String, String> refused = matching(rows, keys);
            for (Row row : rows) {
                if (!row.matchesAny(keys)) {
                    continue;
                }
                if (!row.status().equals("imported")) {
                    refused.put(row.uri(), "is " + row.status() + ", not imported"
                            + (row.status().equals("failed") ? ": bin/scheduler retry tries it again" : ""));
                    continue;
                }
                handle.createUpdate(KEEP_IMPORT).bind("id", row.id()).execute();
                handle.createUpdate(REIMPORT).bind("id", row.id()).execute();
                queued.add(row.uri());
            }
            return new Outcome(queued, refused);
        });
    }

    private static List<Row> select(Handle handle, String sql, String dataSource, Instant since) {
        var query = handle.createQuery(sql).bind("datasource", dataSource);
        if (since != null) {
            query.bindBySqlType("since", SqlValues.toTimestamp(since), Types.TIMESTAMP_WITH_TIMEZONE);
        }
        return query.map((rs, ctx) -> new Row(rs.getLong("id"), rs.getString("key"), rs.getString("object_key"),
                rs.getString("status"))).list();
    }

    /** The keys asked for that no file of the data source has, each refused as unknown. */
    private static Map<String, String> matching(List<Row> rows, List<String> keys) {
        Map<String, String> refused = new LinkedHashMap<>();
        for (String key : keys) {
            if (rows.stream().noneMatch(row -> row.matches(key))) {
                refused.put(key, "is not in the ledger of this data source (bin/scheduler files lists it)");
            }
        }
        return refused;
    }

    private record Row(long id, String uri, String objectKey, String status) {
        boolean matches(String key) {
            return uri.equals(key) || objectKey.equals(key);
        }

        boolean matchesAny(List<String> keys) {
            return keys.stream().anyMatch(this::matches);
        }
    }
}
