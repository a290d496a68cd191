package dev.pipit.scheduler.run;

import org.slf4j.Logger;

/**
 * What an {@link Error} inside a run means for the process.
 *
 * <p>A {@link StackOverflowError} is the reading thread's alone: once it has unwound, the thread and the JVM are
 * as sound as before, so the file fails, its run ends, and the daemon's other data sources go on. So do a plugin's
 * {@link LinkageError} and {@link AssertionError}.
 *
 * <p>An {@link OutOfMemoryError} is not the reading thread's alone. While the heap was full every other thread that
 * allocated failed too: in {@code PoisonDaemonIT} Quartz's scheduling thread died of it, and the daemon went on
 * looking alive while it scheduled nothing more. So the file is marked failed (it never comes back to kill the
 * next daemon), the run is recorded failed, and then the daemon exits with {@link #UNUSABLE_EXIT_CODE} and a
 * message, for a supervisor to start a fresh one. The same holds for every other {@link VirtualMachineError}
 * ({@link InternalError}, {@link UnknownError}), which says the JVM itself is broken. Every file's work is in a
 * transaction, so exiting loses nothing. Most hostile files never get this far: {@code import.max-value-size} and
 * the other limits stop them first.
 */
public final class JvmErrors {
    /** {@code EX_SOFTWARE} of sysexits.h: an internal software error. */
    public static final int UNUSABLE_EXIT_CODE = 70;

    private JvmErrors() {}

    /** Whether the process must end after {@code error} rather than go on. */
    public static boolean leavesJvmUnusable(Error error) {
        return error instanceof VirtualMachineError && !(error instanceof StackOverflowError);
    }

    /**
     * Logs why, then halts the process with {@link #UNUSABLE_EXIT_CODE}. Halts rather than exits: an orderly exit
     * runs the shutdown hook, which waits for the running jobs, and those may never end now. Every file's work is in
     * a transaction, so halting loses nothing.
     *
     * @param where where the error struck, "during a run of events" or "in thread HTTP-Dispatcher"
     * @param stackLogged whether the error's stack is in the log already, where the file failed
     */
    public static void halt(Logger log, Error error, String where, boolean stackLogged) {
        String message = "The JVM failed with " + error.getClass().getSimpleName() + " " + where + "; other threads"
                + " may have failed with it, so it cannot be trusted any more. Exiting with status "
                + UNUSABLE_EXIT_CODE + " so that a supervisor starts a fresh daemon";
        try {
            if (stackLogged) {
                log.error(message);
            } else {
                log.error(message, error);
            }
        } finally {
            Runtime.getRuntime().halt(UNUSABLE_EXIT_CODE);
        }
    }

    /** The cause the ledger and history keep, in the user's words rather than the JVM's. */
    public static String describe(Error error) {
        if (error instanceof OutOfMemoryError) {
            return "the importer ran out of memory reading this file (" + error.getMessage() + "); give Pipit more"
                    + " memory (-Xmx) or lower import.max-value-size";
        }
        if (error instanceof StackOverflowError) {
            return "the file nests its values too deeply for the importer's stack";
        }
        return "the importer failed on this file with " + error.getClass().getSimpleName()
                + (error.getMessage() == null ? "" : " (" + error.getMessage() + ")");
    }
}
