package dev.pipit.scheduler.db;

import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a transaction whose rollback failed from being committed by what comes after the rollback.
 *
 * <p>Jdbi restores a connection's auto-commit in a {@code finally} once it has rolled a transaction back, and
 * turning auto-commit on commits the open transaction (the JDBC rule, which H2 and PgJDBC both follow). When the
 * rollback itself fails (an {@code OutOfMemoryError} in the middle of H2's undo, with the heap a poison file filled),
 * that commits the very transaction being undone: a file's claim ({@code importing}, which no run ever takes again)
 * and whatever rows it had written. Here the physical connection of a failed rollback is closed at once, before
 * anything else can reach it, and evicted from the pool: the database then ends the transaction without committing
 * it (PostgreSQL when the session ends, H2 when its session closes or, failing that, when the file is next opened),
 * and no later call on that connection reaches the database.
 */
final class FailedRollbacks extends ConnectionWrappingDataSource {
    private static final Logger LOG = LoggerFactory.getLogger(FailedRollbacks.class);
    /** What may still be called on a discarded connection: giving it back to the pool, and asking about it. */
    private static final Set<String> ALLOWED_WHEN_DISCARDED = Set.of("close", "isClosed", "isWrapperFor", "unwrap",
            "toString", "hashCode", "equals");

    private final HikariDataSource pool;

    private FailedRollbacks(HikariDataSource pool) {
        super(pool);
        this.pool = pool;
    }

    static DataSource over(HikariDataSource pool) {
        return new FailedRollbacks(pool);
    }

    @Override
    Connection wrap(Connection pooled) {
        InvocationHandler handler = new InvocationHandler() {
            private boolean discarded;

            @Override
            public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
                if (discarded && !ALLOWED_WHEN_DISCARDED.contains(method.getName())) {
                    return whenDiscarded(method);
                }
                try {
                    return method.invoke(pooled, arguments);
                } catch (InvocationTargetException e) {
                    if (method.getName().equals("rollback")) {
                        discarded = true;
                        discard(pooled, e.getCause());
                    }
                    throw e.getCause();
                }
            }
        };
        return (Connection) Proxy.newProxyInstance(FailedRollbacks.class.getClassLoader(),
                new Class<?>[] {Connection.class}, handler);
    }

    /**
     * Auto-commit is what Jdbi restores in the {@code finally} after the rollback: it is taken as done (no transaction
     * is open on the connection), so that the rollback's own failure, an {@code OutOfMemoryError} say, is what
     * reaches the caller. Anything else fails.
     */
    private static Object whenDiscarded(Method method) throws SQLException {
        return switch (method.getName()) {
            case "setAutoCommit" -> null;
            case "getAutoCommit" -> Boolean.TRUE;
            default -> throw new SQLException("the connection was closed because a rollback on it failed; its "
                    + "transaction is not committed", "08003");
        };
    }

    /**
     * Closes the physical connection now (the pool's own eviction closes it later, on another thread, after a
     * {@code setAutoCommit(true)} could have committed) and takes it out of the pool.
     */
    private void discard(Connection pooled, Throwable rollbackFailure) {
        try {
            pooled.unwrap(Connection.class).close();
        } catch (SQLException | RuntimeException e) {
            rollbackFailure.addSuppressed(e);
        }
        pool.evictConnection(pooled);
        // Not a warning: most failed rollbacks meet a database that is gone or closing (a stop signal, an outage),
        // and the failure itself reaches the caller.
        LOG.debug("A rollback failed ({}); its connection is closed so that nothing of the transaction commits",
                rollbackFailure.toString());
    }
}
