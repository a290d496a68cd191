package dev.pipit.distribution.testutil;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.scheduler.admin.JmxClient;
import dev.pipit.scheduler.schedule.RunProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/** Waits on a daemon's run through JMX, for tests that strike at a chosen moment of it. */
public final class RunWaits {
    /** Rows into the second file that make sure its transaction has written a good part of it. */
    private static final long ROWS_INTO_SECOND_FILE = 10_000;

    private RunWaits() {}

    /**
     * Waits until the run's first file is committed and its large second one is well under way: the moment at which
     * a crash or an outage hurts most. Fails if the run ends first, because then the second file is too small to catch.
     * The files must have transactions of their own ({@code import.files-per-commit} 1).
     */
    public static void awaitIntoSecondFile(JmxClient client, String request, long firstFileRows, Duration timeout)
            throws InterruptedException {
        // At least: with import.parallel-files, a small file taken after the large one may be done already.
        awaitIntoSecondFile(client, request, firstFileRows, timeout, progress -> progress.getFilesDone() >= 1);
    }

    /**
     * Waits until a run whose first file has {@code firstFileRows} rows and shares a transaction with the large second
     * file ({@code import.files-per-commit}) is well into the second: nothing is committed yet, and both files' rows
     * are in the open transaction. Fails if the run ends first.
     */
    public static void awaitIntoSecondFileOfAGroup(JmxClient client, String request, long firstFileRows,
            Duration timeout) throws InterruptedException {
        // No file of a group is done before the group commits; rows read count the group's files so far.
        awaitIntoSecondFile(client, request, firstFileRows, timeout, progress -> progress.getFilesDone() == 0);
    }

    private static void awaitIntoSecondFile(JmxClient client, String request, long firstFileRows, Duration timeout,
            Predicate<RunProgress> filesDone) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            RunProgress progress = client.control().progress(request);
            if (progress != null && !progress.isDone() && filesDone.test(progress)
                    && progress.getRows() > firstFileRows + ROWS_INTO_SECOND_FILE) {
                return;
            }
            assertThat(progress == null || !progress.isDone())
                    .as("the run ended before the second file was well under way; make it larger").isTrue();
            Thread.sleep(5);
        }
        throw new AssertionError("the run never got into its second file");
    }
}
