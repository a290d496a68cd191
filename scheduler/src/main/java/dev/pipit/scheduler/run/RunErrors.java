package dev.pipit.scheduler.run;

import java.sql.SQLException;

/** Turns exceptions into the one-line causes the ledger and history keep. */
public final class RunErrors {
    private RunErrors() {}

    /** The innermost useful message, with the exception type where the message alone would be unclear. */
    public static String describe(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause
                && (cause.getMessage() == null || cause instanceof java.io.UncheckedIOException
                        || cause.getClass() == RuntimeException.class)) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            return cause.getClass().getSimpleName();
        }
        if (cause instanceof java.io.FileNotFoundException || cause instanceof java.nio.file.NoSuchFileException) {
            return "object not found: " + message;
        }
        return message;
    }

    /**
     * Whether the database connection itself failed (SQLState class 08), as opposed to a statement the file's
     * data made fail: the first aborts the run, the second fails only the file.
     */
    public static boolean isConnectionFailure(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
