package dev.pipit.scheduler.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A transaction whose rollback fails, as one can when the heap is full: Jdbi alone then commits it, with the
 * auto-commit it restores after the rollback; through {@link FailedRollbacks} nothing of it is committed.
 */
class FailedRollbacksTest {
    private static int databases;

    private final AtomicBoolean failNextRollback = new AtomicBoolean();
    private HikariDataSource pool;

    @BeforeEach
    void openPool() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:failed-rollbacks-" + databases++ + ";DB_CLOSE_DELAY=-1");
        HikariConfig config = new HikariConfig();
        config.setDataSource(rollbacksFailingOnRequest(h2));
        config.setMaximumPoolSize(2);
        pool = new HikariDataSource(config);
        Jdbi.create(pool).useHandle(handle -> handle.execute("CREATE TABLE files (id int, status varchar)"));
    }

    @AfterEach
    void closePool() {
        pool.close();
    }

    @Test
    void jdbiAloneCommitsATransactionWhoseRollbackFailed() {
        assertThatThrownBy(() -> claimAndFail(Jdbi.create(pool))).isInstanceOf(OutOfMemoryError.class);

        assertThat(rowsCommitted()).isEqualTo(1);
    }

    @Test
    void nothingOfATransactionWhoseRollbackFailedIsCommitted() {
        Jdbi jdbi = Jdbi.create(FailedRollbacks.over(pool));

        // The rollback's failure reaches the caller as it does without the guard: the daemon ends on it.
        assertThatThrownBy(() -> claimAndFail(jdbi)).isInstanceOf(OutOfMemoryError.class);

        assertThat(rowsCommitted()).isZero();
        jdbi.useTransaction(handle -> handle.execute("INSERT INTO files VALUES (2, 'pending')"));
        assertThat(rowsCommitted()).as("the pool goes on with new connections").isEqualTo(1);
    }

    /** An import's transaction: it claims the file, then the read fails, and so does the rollback. */
    private void claimAndFail(Jdbi jdbi) {
        jdbi.useTransaction(handle -> {
            handle.execute("INSERT INTO files VALUES (1, 'importing')");
            failNextRollback.set(true);
            throw new IllegalStateException("the file cannot be read");
        });
    }

    private int rowsCommitted() {
        return Jdbi.create(pool).withHandle(handle -> handle.createQuery("SELECT count(*) FROM files")
                .mapTo(Integer.class).one());
    }

    /** H2's connections, whose next rollback throws an {@link OutOfMemoryError} instead once asked to. */
    private DataSource rollbacksFailingOnRequest(JdbcDataSource h2) {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, arguments) -> {
                    Object result = invoke(method, h2, arguments);
                    return result instanceof Connection connection ? failingRollbacks(connection) : result;
                });
    }

    private Connection failingRollbacks(Connection connection) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, arguments) -> {
                    if (method.getName().equals("rollback") && failNextRollback.getAndSet(false)) {
                        throw new OutOfMemoryError("Java heap space (simulated)");
                    }
                    return invoke(method, connection, arguments);
                });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] arguments)
            throws Throwable {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
