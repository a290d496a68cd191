package dev.pipit.scheduler.run;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.db.DatabaseErrors;
import dev.pipit.scheduler.ledger.FileAttempts;
import dev.pipit.scheduler.ledger.FileLedger;
import dev.pipit.scheduler.ledger.LedgerFile;
import dev.pipit.scheduler.load.Causes;
import dev.pipit.spi.error.ErrorCategory;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows a failed attempt at a file, its transaction rolled back: the file is marked failed, left to a later
 * run, or read again after a backoff, by the failure's {@link ErrorCategory} and the attempts left; an {@link Error}
 * fails the file and the run. The database's refusals of the moment (a lock timeout, a deadlock,
 * {@link DatabaseErrors#isTransient}) count as retriable.
 */
final class AttemptOutcomes {
    private static final Logger LOG = LoggerFactory.getLogger(AttemptOutcomes.class);

    private final FileLedger ledger;
    private final FileAttempts attempts;
    private final RunLimits limits;

    AttemptOutcomes(FileLedger ledger, FileAttempts attempts, RunLimits limits) {
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.attempts = requireNonNull(attempts, "attempts is null");
        this.limits = requireNonNull(limits, "limits is null");
    }

    /**
     * Decides after a failed attempt, ended and rolled back: marks the file failed when its content is bad or its
     * attempts are used up, or waits out the backoff before the next.
     *
     * @return whether to try again
     * @throws RunAbortedException when the store refused the connection's credentials or settings
     *     ({@link ErrorCategory#CONFIGURATION}: every file would fail alike until they are mended)
     */
    boolean tryAgain(LedgerFile file, FileImportContext context, int attempt, Exception e) {
        ErrorCategory category = DatabaseErrors.isTransient(e) ? ErrorCategory.RETRIABLE
                : ErrorCategory.of(e).orElse(null);
        if (category == ErrorCategory.CONFIGURATION) {
            throw new RunAbortedException(Causes.describe(e) + "; " + file.uri() + " stays pending", e);
        }
        String cause = describe(e, file, context);
        if (category != ErrorCategory.RETRIABLE || attempt >= limits.fileAttempts()) {
            String failure = attempt > 1 ? cause + " (after " + attempt + " attempts)" : cause;
            fail(file, context, failure, category == ErrorCategory.RETRIABLE);
            context.listener().fileDone(file.uri(), 0, true);
            return false;
        }
        Duration wait = limits.backoffBefore(attempt + 1);
        LOG.warn("Run {}: attempt {} of {} at {} failed, rolled back; trying again from its first byte in {} ms: {}",
                context.runId(), attempt, limits.fileAttempts(), file.uri(), wait.toMillis(), cause);
        sleep(wait, file);
        return true;
    }

    /**
     * Fails the file an {@link Error} came out of, and the run with it; the file's transaction rolled back as the
     * error unwound. An error that leaves the JVM unusable ({@link JvmErrors}) is thrown on once the file is marked,
     * for the daemon to exit; any other ends the run, and the next run takes the remaining files.
     */
    RuntimeException failForError(LedgerFile file, FileImportContext context, Error error) {
        if (JvmErrors.leavesJvmUnusable(error) && !(error instanceof OutOfMemoryError)) {
            throw error;
        }
        String cause = JvmErrors.describe(error);
        LOG.error("Run {}: {} failed: {}", context.runId(), file.uri(), cause, error);
        try {
            ledger.markFailed(file.id(), context.runId(), cause);
            if (!JvmErrors.leavesJvmUnusable(error)) {
                attempts.end(file.id());
            }
            // Otherwise the attempt stays unfinished, as the process is about to die: should the failure not have
            // been recorded (the heap still full, the transaction's row lock not yet released), the file is still
            // counted as having killed its importer, and import.crash-attempts ends it.
        } catch (RuntimeException | Error recording) {
            error.addSuppressed(recording);
        }
        context.listener().fileDone(file.uri(), 0, true);
        if (JvmErrors.leavesJvmUnusable(error)) {
            throw error;
        }
        return new RunAbortedException(file.uri() + " failed: " + cause + "; the run ends here and the next run"
                + " takes the remaining files", error);
    }

    /**
     * Marks the file failed, or, when the store failed to deliver it ({@code transientCause}) and it has retries
     * across runs left, keeps it pending until its backoff ends. Content failures are final: reading the same bytes
     * again gives the same answer.
     */
    private void fail(LedgerFile file, FileImportContext context, String failure, boolean transientCause) {
        if (!transientCause) {
            LOG.warn("Run {}: {} failed: {}", context.runId(), file.uri(), failure);
            ledger.markFailed(file.id(), context.runId(), failure);
            return;
        }
        Instant next = ledger.deferOrFail(file.id(), context.runId(), failure, limits.fileRetries(),
                limits.fileRetryBackoff());
        if (next == null) {
            LOG.warn("Run {}: {} failed for good: {}", context.runId(), file.uri(), failure);
        } else {
            LOG.warn("Run {}: {} failed, a later run tries it again after {}: {}", context.runId(), file.uri(),
                    next, failure);
        }
    }

    /**
     * The cause the ledger keeps. The category decides what happens to the file; a program's mistake somewhere in
     * the chain decides only the wording, since its message is the JVM's, not the file's ({@link InternalFailures}).
     */
    private static String describe(Exception error, LedgerFile file, FileImportContext context) {
        Throwable bug = InternalFailures.find(error);
        if (bug == null) {
            return withoutLeadingUri(Causes.describe(error), file);
        }
        LOG.warn("Run {}: internal error reading {}", context.runId(), file.uri(), error);
        return InternalFailures.describe(bug);
    }

    /**
     * A format's message names its file first ({@code s3://b/a.csv: not a text file}), for readers who see it alone;
     * the ledger row, the log line and the alert name the file already.
     */
    private static String withoutLeadingUri(String cause, LedgerFile file) {
        String prefix = file.uri() + ": ";
        return cause.startsWith(prefix) && cause.length() > prefix.length() ? cause.substring(prefix.length()) : cause;
    }

    private static void sleep(Duration wait, LedgerFile file) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunAbortedException("stopped while waiting to retry " + file.uri()
                    + "; the file stays pending", e);
        }
    }
}
