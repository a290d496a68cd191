package dev.pipit.scheduler.load;

import java.sql.SQLException;
import java.util.regex.Pattern;
import org.jdbi.v3.core.statement.StatementException;

/** Turns exceptions into the one-line causes the ledger, history and logs keep, for files and streams alike. */
public final class Causes {
    private static final Pattern LINE_BREAKS = Pattern.compile("\\s*\\R\\s*");

    private Causes() {}

    /**
     * The innermost useful message on one line (PostgreSQL adds a "Where:" line), with the exception type where
     * the message alone would be unclear. A statement Jdbi ran is told by the database's own error: Jdbi's adds the
     * error's class name, the statement and its arguments, a few hundred characters of Pipit's own SQL.
     */
    public static String describe(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause
                && (cause.getMessage() == null || cause instanceof java.io.UncheckedIOException
                        || cause.getClass() == RuntimeException.class
                        || cause instanceof StatementException && cause.getCause() instanceof SQLException)) {
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
}
