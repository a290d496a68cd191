package dev.pipit.distribution.testutil;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.scheduler.admin.JmxClient;
import dev.pipit.scheduler.admin.JmxSettings;
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
     * Triggers {@code dataSource} through the daemon's JMX endpoint on {@code jmxPort} and waits until the run's first
     * file is committed and its large second one is well under way: the moment at which a crash, a stop or an outage
     * hurts most. Fails if the run ends first, because then the second file is too small to catch. The files must
     * have transactions of their own ({@code import.files-per-commit} 1).
     */
    public static void triggerIntoSecondFile(int jmxPort, String dataSource, long firstFileRows, Duration timeout)
            throws Exception {
        // At least: with import.parallel-files, a small file taken after the large one may be done already.
        triggerIntoSecondFile(jmxPort, dataSource, firstFileRows, timeout, progress -> progress.getFilesDone() >= 1);
    }

    /**
     * As {@link #triggerIntoSecondFile}, for a first file of {@code firstFileRows} rows that shares a transaction with
     * the large second file ({@code import.files-per-commit}): nothing is committed yet, and both files' rows are in
     * the open transaction.
     */
    public static void triggerIntoSecondFileOfAGroup(int jmxPort, String dataSource, long firstFileRows,
            Duration timeout) throws Exception {
        // No file of a group is done before the group commits; rows read count the group's files so far.
        triggerIntoSecondFile(jmxPort, dataSource, firstFileRows, timeout, progress -> progress.getFilesDone() == 0);
    }

    private static void triggerIntoSecondFile(int jmxPort, String dataSource, long firstFileRows, Duration timeout,
            Predicate<RunProgress> filesDone) throws Exception {
        try (JmxClient client = JmxClient.connect(new JmxSettings("127.0.0.1", jmxPort, null, null))) {
            awaitIntoSecondFile(client, client.control().trigger(dataSource), firstFileRows, timeout, filesDone);
        }
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
