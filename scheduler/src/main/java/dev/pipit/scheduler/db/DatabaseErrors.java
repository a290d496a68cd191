package dev.pipit.scheduler.db;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells the database's own failures apart; the only place SQLStates are read, since JDBC drivers say "the
 * connection is gone" in no other way. Plugins' failures carry their category as a type instead
 * ({@link dev.pipit.spi.error.ErrorCategory}).
 */
public final class DatabaseErrors {
    private DatabaseErrors() {}

    /**
     * Whether the database connection itself failed, as opposed to a statement the data made fail: the first
     * stops a run (what it had not committed stays pending), the second fails only the file. Connection failures
     * are SQLState class 08, the server going away under a connection (57P01 to 57P03: shut down, crashed, not yet
     * accepting connections), and the pool giving up waiting for a connection.
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
