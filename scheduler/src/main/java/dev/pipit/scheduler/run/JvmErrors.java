package dev.pipit.scheduler.run;

/**
 * What an {@link Error} inside a run means for the process.
 *
 * <p>An {@link OutOfMemoryError} or a {@link StackOverflowError} thrown while a file is read is the file's doing:
 * by the time it reaches the importer the stack that held the file's pages and values has unwound, and the heap
 * is free again. Failing that file and that run, and keeping the daemon's other data sources running, is then
 * safer than exiting, which would take every other data source down with it and, under a supervisor, start the
 * same poison again. A linkage or assertion error from a plugin is equally the file's (or the plugin's) and
 * leaves the JVM sound.
 *
 * <p>Any other {@link VirtualMachineError} ({@link InternalError}, {@link UnknownError}) says the JVM itself is
 * broken; nothing it computes afterwards can be trusted, so the daemon exits with {@link #UNUSABLE_EXIT_CODE} and
 * a message, for a supervisor to start a fresh one. Every file's work is in a transaction, so nothing is lost.
 */
public final class JvmErrors {
    /** {@code EX_SOFTWARE} of sysexits.h: an internal software error. */
    public static final int UNUSABLE_EXIT_CODE = 70;

    private JvmErrors() {}

    /** Whether the process must end rather than go on after {@code error}. */
    public static boolean leavesJvmUnusable(Error error) {
        return error instanceof VirtualMachineError
                && !(error instanceof OutOfMemoryError)
                && !(error instanceof StackOverflowError);
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
