package dev.pipit.scheduler.ledger;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The attempt counters of the file ledger ({@code attempts}, {@code unfinished_attempts}, {@code last_attempt_at}).
 *
 * <p>An attempt is recorded and committed on its own before the file's import transaction opens, and its end is
 * recorded whenever the process lives to see it. An attempt left unfinished means the process died while it had
 * the file: a file that has done that {@code import.crash-attempts} times is a poison pill, marked failed instead of
 * being read again, so it cannot stop its data source, or a daemon, for good.
 */
public final class FileAttempts {
    /** Row locks are skipped, as by a claim: a locked file is being imported by another run right now. */
    private static final String FAIL_POISON = """
            UPDATE pipit.files SET status = 'failed', run_id = :runId, error = :error, updated_at = CURRENT_TIMESTAMP
             WHERE id = (SELECT id FROM pipit.files WHERE id = :id AND status = 'pending'
                            AND unfinished_attempts >= :maxUnfinished FOR UPDATE SKIP LOCKED)""";

    private static final String BEGIN = """
            UPDATE pipit.files
               SET attempts = attempts + 1, unfinished_attempts = unfinished_attempts + 1,
                   last_attempt_at = CURRENT_TIMESTAMP
             WHERE id = (SELECT id FROM pipit.files WHERE id = :id AND status = 'pending' FOR UPDATE SKIP LOCKED)""";

    /** As {@link #BEGIN}, for a file no earlier attempt left unfinished. */
    private static final String BEGIN_FRESH = """
            UPDATE pipit.files
               SET attempts = attempts + 1, unfinished_attempts = 1, last_attempt_at = CURRENT_TIMESTAMP
             WHERE id = (SELECT id FROM pipit.files WHERE id = :id AND status = 'pending' AND unfinished_attempts = 0
                            FOR UPDATE SKIP LOCKED)""";

    private static final String END = """
            UPDATE pipit.files SET unfinished_attempts = unfinished_attempts - 1
             WHERE id = :id AND unfinished_attempts > 0""";

    private static final String UNFINISHED = "SELECT unfinished_attempts FROM pipit.files WHERE id = :id";

    /** What {@link #begin} found. */
    public enum Start {
        /** The attempt is recorded: import the file. */
        STARTED,
        /** The file is not pending, or another run holds it: leave it. */
        TAKEN,
        /** The file killed its importer too often, and is now failed. */
        POISONED
    }

    private final Jdbi jdbi;

    public FileAttempts(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /**
     * Records a new attempt at a pending file and commits it, unless earlier attempts died {@code maxUnfinished}
     * times: then the file is marked failed, and nothing is attempted.
     */
    public Start begin(long fileId, long runId, int maxUnfinished) {
        return jdbi.inTransaction(handle -> {
            int unfinished = handle.createQuery(UNFINISHED).bind("id", fileId).mapTo(Integer.class).findOne()
                    .orElse(0);
            int failed = handle.createUpdate(FAIL_POISON)
                    .bind("id", fileId)
                    .bind("runId", runId)
                    .bind("maxUnfinished", maxUnfinished)
                    .bind("error", poisonMessage(unfinished))
                    .execute();
            if (failed == 1) {
                FileLedger.recordFailure(handle, fileId, runId, poisonMessage(unfinished), false);
                return Start.POISONED;
            }
            return handle.createUpdate(BEGIN).bind("id", fileId).execute() == 1 ? Start.STARTED : Start.TAKEN;
        });
    }

    /**
     * Records a new attempt at each of the files that share one import transaction, all in one transaction of their
     * own. A file an earlier attempt left unfinished is not begun here: should one of them kill the importer, all
     * would be counted, so a suspect is imported alone ({@link #begin}) and only its own deaths count against it.
     *
     * @return the ids of the files begun; the others are suspects, or not pending, or held by another run
     */
    public Set<Long> beginTogether(List<Long> fileIds) {
        return jdbi.inTransaction(handle -> {
            PreparedBatch batch = handle.prepareBatch(BEGIN_FRESH);
            for (long fileId : fileIds) {
                batch.bind("id", fileId).add();
            }
            int[] updated = batch.execute();
            Set<Long> begun = new HashSet<>();
            for (int i = 0; i < updated.length; i++) {
                if (updated[i] == 1) {
                    begun.add(fileIds.get(i));
                }
            }
            return begun;
        });
    }

    /** Records that the latest attempts at these files ended and the process saw them end, in one transaction. */
    public void endAll(Collection<Long> fileIds) {
        jdbi.useTransaction(handle -> {
            for (long fileId : fileIds) {
                end(handle, fileId);
            }
        });
    }

    /** Records that the latest attempt ended and the process saw it end, in its own transaction. */
    public void end(long fileId) {
        jdbi.useTransaction(handle -> end(handle, fileId));
    }

    /** Records the end of the latest attempt in the caller's transaction (the one that imports the file). */
    public void end(Handle handle, long fileId) {
        handle.createUpdate(END).bind("id", fileId).execute();
    }

    static String poisonMessage(int unfinished) {
        return "the importer died " + unfinished + " times while reading this file (out of memory, killed,"
                + " crashed, or the database closed on a full disk); it is not taken again automatically"
                + " (import.crash-attempts)";
    }
}
