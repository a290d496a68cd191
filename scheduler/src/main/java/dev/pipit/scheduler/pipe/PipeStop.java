package dev.pipit.scheduler.pipe;

import dev.pipit.scheduler.load.Causes;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Stops a pipe run from another thread: the statement the run is executing is cancelled, so the run fails as any
 * failed run does (a copy rolls back, a sink abandons the objects it had not committed) and is recorded as stopped.
 * A foreground {@code sink run} or {@code copy run} gets one for Ctrl-C; the daemon's runs finish instead.
 */
public final class PipeStop {
    private Statement running;
    private boolean requested;

    /** Cancels the statement in progress, and any the run would start after it. */
    public synchronized void request() {
        requested = true;
        if (running != null) {
            try {
                running.cancel();
            } catch (SQLException e) {
                // The statement ended or its connection closed meanwhile: the run finds out on its own.
            }
        }
    }

    /** Why the run failed: the stop, when one was asked for (whatever the driver made of it), else {@code e}. */
    synchronized String describe(Exception e) {
        return requested ? "stopped by a signal before it finished" : Causes.describe(e);
    }

    /** Runs {@code work}, which executes {@code statement}, as what a {@link #request()} cancels. */
    <T> T during(Statement statement, StatementWork<T> work) throws SQLException, IOException {
        synchronized (this) {
            if (requested) {
                throw new SQLException("the run was stopped before its statement started");
            }
            running = statement;
        }
        try {
            return work.run();
        } finally {
            synchronized (this) {
                running = null;
            }
        }
    }

    /** The work done while a statement executes. */
    @FunctionalInterface
    interface StatementWork<T> {
        T run() throws SQLException, IOException;
    }
}
