package dev.pipit.scheduler.db;

/**
 * The database could not be opened or migrated. The message names the URL (never the password) and what to check,
 * because it is shown to the user as it is.
 */
public final class DatabaseException extends RuntimeException {
    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
