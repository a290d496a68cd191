package dev.pipit.scheduler.db;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import java.util.function.Predicate;
import org.h2.api.ErrorCode;

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
        return find(error, sql -> sql instanceof SQLTransientConnectionException
                || hasState(sql, "08") || hasState(sql, "57P")).isPresent();
    }

    /**
     * Whether the database server lacks a resource (PostgreSQL's SQLState class 53: a full disk, memory, too many
     * connections). That is the server's state, not the file's: a run stops as it does for a lost connection and its
     * files stay pending, where before each file spent its attempts and ended failed while nobody freed the disk.
     */
    public static boolean isOutOfResources(Throwable error) {
        return find(error, sql -> hasState(sql, "53")).isPresent();
    }

    /** Whether the database, not the statement, failed: its connection ({@link #isConnectionFailure}) or a resource. */
    public static boolean isUnavailable(Throwable error) {
        return isConnectionFailure(error) || isOutOfResources(error);
    }

    /**
     * Whether the database gave up on the statement for a reason of the moment, which the same statement may not
     * meet again: a lock it waited for past its timeout, a deadlock, a serialization failure (SQLState class 40,
     * PostgreSQL's 55P03; H2's lock timeout and concurrent update). A file that meets one is tried again, not failed.
     */
    public static boolean isTransient(Throwable error) {
        return find(error, sql -> hasState(sql, "40") || hasState(sql, "55P03")
                || sql.getErrorCode() == ErrorCode.LOCK_TIMEOUT_1
                || sql.getErrorCode() == ErrorCode.CONCURRENT_UPDATE_1).isPresent();
    }

    /** What failed, for a run that {@link #isUnavailable} stopped, in the words its error starts with. */
    public static String whatFailed(Throwable error) {
        return isOutOfResources(error) ? "the database ran out of a resource" : "the database connection failed";
    }

    /**
     * The error H2 gives on every statement once it closed the database after a failure of its own (it carries that
     * failure as its cause), found in {@code error}'s causes; empty for any other error. An administrator's
     * {@code SHUTDOWN} is not such a close: the connections it ends fail otherwise, and new ones open the database
     * again.
     */
    static Optional<SQLException> closedAfterFailure(Throwable error) {
        return find(error, sql -> sql.getErrorCode() == ErrorCode.DATABASE_IS_CLOSED
                && sql.getCause() != null && sql.getCause() != sql);
    }

    /**
     * The failure H2 closed the database after, from the causes of {@code closed}: the system's refusal, then
     * H2's failed operation ("File too large (Writing to .../pipit.mv.db failed; ...)", or, when a refused write
     * left the file short, "EOFException (Reading from file .../pipit.mv.db failed at ...)").
     */
    static String whyClosed(SQLException closed) {
        Throwable operation = closed.getCause();
        Throwable root = operation;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String operationMessage = String.valueOf(operation.getMessage()).strip();
        String refusal = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root == operation ? operationMessage : refusal + " (" + operationMessage + ")";
    }

    /** The outermost SQLException in {@code error}'s causes that {@code matches}. */
    private static Optional<SQLException> find(Throwable error, Predicate<SQLException> matches) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && matches.test(sql)) {
                return Optional.of(sql);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Optional.empty();
    }

    private static boolean hasState(SQLException error, String prefix) {
        return error.getSQLState() != null && error.getSQLState().startsWith(prefix);
    }
}
