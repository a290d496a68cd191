package dev.pipit.scheduler.run;

import java.util.Set;

/**
 * Exceptions that are a program's mistake rather than a file's problem: their messages are the JVM's own words
 * ("Cannot invoke ... because ... is null"), which tell a user nothing about the file, so the ledger gets what
 * happened in plain words and the log gets the stack trace.
 */
final class InternalFailures {
    private static final Set<Class<? extends RuntimeException>> BUGS = Set.of(NullPointerException.class,
            ClassCastException.class, ArrayIndexOutOfBoundsException.class, IndexOutOfBoundsException.class,
            StringIndexOutOfBoundsException.class, ArithmeticException.class, NegativeArraySizeException.class,
            ArrayStoreException.class);

    private InternalFailures() {}

    /** The innermost exception of {@code error} that is a program's mistake, or {@code null}. */
    static Throwable find(Throwable error) {
        Throwable found = null;
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (BUGS.contains(cause.getClass())) {
                found = cause;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return found;
    }

    static String describe(Throwable bug) {
        return "the reader failed on this file with an internal error (" + bug.getClass().getSimpleName()
                + "); the file may be corrupt or use a feature Pipit does not read, and the daemon's log has the"
                + " details";
    }
}
