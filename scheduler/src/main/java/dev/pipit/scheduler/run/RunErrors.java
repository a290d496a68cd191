package dev.pipit.scheduler.run;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.regex.Pattern;

/** Turns exceptions into the one-line causes the ledger and history keep. */
public final class RunErrors {
    private static final Pattern LINE_BREAKS = Pattern.compile("\\s*\\R\\s*");

    private RunErrors() {}

    /**
     * The innermost useful message on one line (PostgreSQL adds a "Where:" line), with the exception type where
     * the message alone would be unclear.
     */
    public static String describe(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause
                && (cause.getMessage() == null || cause instanceof java.io.UncheckedIOException
                        || cause.getClass() == RuntimeException.class)) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null
                ? null : LINE_BREAKS.matcher(cause.getMessage().strip()).replaceAll("; ");
        if (message == null || message.isBlank()) {
            return cause.getClass().getSimpleName();
        }
        if (cause instanceof java.io.FileNotFoundException || cause instanceof java.nio.file.NoSuchFileException) {
            return "object not found: " + message;
        }
        return message;
    }

    /**
     * Whether the database connection itself failed, as opposed to a statement the file's data made fail: the
     * first aborts the run, the second fails only the file. Connection failures are SQLState class 08, the
     * server going away under a connection (57P01 to 57P03: shut down, crashed, not yet accepting connections),
     * and the pool giving up waiting for a connection.
     */
    public static boolean isConnectionFailure(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
