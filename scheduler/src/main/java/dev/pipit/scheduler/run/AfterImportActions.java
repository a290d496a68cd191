package dev.pipit.scheduler.run;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.ledger.AfterImportLedger;
import dev.pipit.scheduler.ledger.AfterImportLedger.Action;
import dev.pipit.scheduler.load.Causes;
import dev.pipit.spi.connector.ListRequest;
import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.spi.connector.ObjectStore;
import dev.pipit.spi.error.ErrorCategory;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out {@code IMPORT_AFTER_IMPORT} once a file's import has committed: deletes the object, or moves it (a
 * copy inside the bucket, then a delete). An action that fails is tried again by later runs, after
 * {@code import.file-retry-backoff}, doubled for each failed attempt up to an hour, for as long as it takes; the
 * file is never imported again for it, since the ledger says it is imported whatever the bucket holds.
 *
 * <p>Every step may be repeated after a crash: a delete of a missing object succeeds, and a move whose copy finds
 * its source gone completes when the copy is already at the target (the crash came between the delete and its
 * record).
 */
final class AfterImportActions {
    private static final Logger LOG = LoggerFactory.getLogger(AfterImportActions.class);
    private static final Duration LONGEST_BACKOFF = Duration.ofHours(1);

    private final Database database;
    private final AfterImportLedger ledger;
    private final Duration backoff;

    AfterImportActions(Database database, Duration backoff) {
        this.database = requireNonNull(database, "database is null");
        this.ledger = new AfterImportLedger(database.jdbi());
        this.backoff = requireNonNull(backoff, "backoff is null");
    }

    /**
     * Carries out the data source's due actions, each in a transaction of its own that holds its row.
     *
     * @param fileId only this file's action (the one its import just recorded), or {@code null} for every due one
     * @return how many failed
     */
    int carryOut(ObjectStore store, String dataSource, Long fileId, long runId) {
        int failed = 0;
        for (Action action : ledger.due(dataSource, fileId)) {
            boolean done = database.jdbi().inTransaction(handle -> {
                if (!ledger.take(handle, action)) {
                    return true;
                }
                try {
                    perform(store, action);
                } catch (IOException | RuntimeException e) {
                    Instant next = Instant.now().plus(backoffAfter(action.attempts() + 1));
                    String cause = describe(e, action);
                    ledger.markFailed(handle, action, cause, next);
                    LOG.warn("Run {}: IMPORT_AFTER_IMPORT {} of {} failed (attempt {}); a run after {} tries again: "
                            + "{}", runId, action.action(), action.uri(), action.attempts() + 1, next, cause);
                    return false;
                }
                ledger.markDone(handle, action);
                LOG.info("Run {}: {} {}{}", runId, action.action().equals("move") ? "moved" : "deleted", action.uri(),
                        action.targetKey() == null ? "" : " to " + action.targetKey());
                return true;
            });
            failed += done ? 0 : 1;
        }
        return failed;
    }

    private static void perform(ObjectStore store, Action action) throws IOException {
        ObjectRef object = new ObjectRef(action.bucket(), action.objectKey(), action.size() == null ? 0 : action.size(),
                action.lastModified() == null ? Instant.EPOCH : action.lastModified(), action.etag());
        if (action.action().equals("move")) {
            try {
                store.copy(object, action.targetKey());
            } catch (FileNotFoundException e) {
                if (!exists(store, action.bucket(), action.targetKey())) {
                    throw e;
                }
            }
        }
        store.delete(object);
    }

    private static boolean exists(ObjectStore store, String bucket, String key) throws IOException {
        return store.list(ListRequest.firstPage(bucket, key, 1)).objects().stream()
                .anyMatch(object -> object.key().equals(key));
    }

    private Duration backoffAfter(int failedAttempts) {
        Duration wait = backoff.multipliedBy(1L << Math.min(failedAttempts - 1, 16));
        return wait.compareTo(LONGEST_BACKOFF) > 0 ? LONGEST_BACKOFF : wait;
    }

    /** The cause, and for a refusal what the connection's identity must be allowed to do. */
    private static String describe(Exception error, Action action) {
        String cause = Causes.describe(error);
        if (ErrorCategory.of(error).orElse(null) != ErrorCategory.CONFIGURATION) {
            return cause;
        }
        return cause + "; IMPORT_AFTER_IMPORT " + action.action() + " needs the connection to be allowed to "
                + (action.action().equals("move") ? "write and delete" : "delete") + " objects (`bin/scheduler "
                + "connection create TYPE ... --policy read --after-import " + action.action() + "` prints a policy "
                + "that allows it, for types that offer one)";
    }
}
