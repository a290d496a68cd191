package dev.pipit.scheduler.daemon;

import dev.pipit.scheduler.run.JvmErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the daemon when an {@link Error} that leaves the JVM unusable ({@link JvmErrors}) kills a thread outside a
 * run. A run's own thread is handled where the file failed (the file is marked failed first); but the heap a poison
 * file fills fails whichever threads allocate: in {@code PoisonDaemonIT} the console's HTTP dispatcher and H2's TCP
 * server died of it, and H2, short of memory in its own threads, closed the database, while the run's thread saw only
 * "the database has been closed". The daemon went on looking alive, scheduling runs that could only fail. Halting
 * lets a supervisor start a fresh one; the file's attempt was counted before it was read, so
 * {@code import.crash-attempts} still ends the poison.
 */
public final class UnusableJvmExit implements Thread.UncaughtExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(UnusableJvmExit.class);

    private UnusableJvmExit() {}

    /**
     * Makes this the handler of every thread that has none of its own: for the daemon's process, not for a JVM that
     * hosts a daemon among other things (a test's).
     */
    public static void install() {
        Thread.setDefaultUncaughtExceptionHandler(new UnusableJvmExit());
    }

    @Override
    public void uncaughtException(Thread thread, Throwable failure) {
        if (!(failure instanceof Error error) || !JvmErrors.leavesJvmUnusable(error)) {
            LOG.error("Thread {} ended with an uncaught exception", thread.getName(), failure);
            return;
        }
        JvmErrors.halt(LOG, error, "in thread " + thread.getName(), false);
    }
}
