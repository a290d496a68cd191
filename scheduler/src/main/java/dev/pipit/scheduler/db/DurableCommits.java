package dev.pipit.scheduler.db;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;

/**
 * Makes every commit on an H2 file database reach the file before {@code commit()} returns, while H2 keeps a
 * write delay.
 *
 * <p>With a write delay alone a commit may stay in memory for half a second, and a {@code kill -9} would lose files
 * the ledger had called imported (and whose objects an after-import action then deleted). {@code WRITE_DELAY=0}
 * closes that window, but it also stops H2's background serialization threads, so every page of a large import is
 * serialized on the importing thread: 40% of an H2 import's time, on the core the file's conversion needs. Here the
 * delay stays, H2 serializes the pages of an open transaction on its own threads, and each commit is followed by
 * {@code CHECKPOINT}, which writes what is committed and waits for the write (H2 calls the file system, as
 * {@code WRITE_DELAY=0} does; neither syncs the disk, which a killed process does not need). A transaction that
 * wrote nothing commits without either.
 *
 * <p>A {@code CHECKPOINT} also comes before each commit. H2 stores its maps one after another while others write,
 * so a store running as a commit starts can take a table before the transaction's last writes and its undo log
 * after the commit mark; after a {@code kill -9} there, H2 finishes the commit with part of the rows (a stand-alone
 * crash loop imported 240 rows of a 2,000-row batch, its ledger row missing). Once the transaction's writes are
 * stored before the mark, any later store holds them all. It closes that case only when the undo log is stored
 * after the tables, H2's order for tables older than the process's first transactions; see the design notes, "H2's
 * crash recovery is finished by Pipit".
 *
 * <p>Commits go through {@link Connection#commit()} (Jdbi's transactions, Quartz, the export code), so the
 * connections are wrapped. A statement run in auto-commit mode is not covered and reaches the file within the write
 * delay; none of Pipit's exactly-once steps runs that way, they are all transactions.
 */
final class DurableCommits extends ConnectionWrappingDataSource {
    /** H2's own default, set once the database is open: a URL's settings would run again for each connection. */
    private static final int WRITE_DELAY_MILLIS = 500;

    private DurableCommits(DataSource pool) {
        super(pool);
    }

    /**
     * Sets the write delay of the H2 file database behind {@code pool} and wraps the pool.
     *
     * @throws SQLException when the statements fail; both need a user who is an admin of the database, as the one
     *     who created it is
     */
    static DataSource over(DataSource pool) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SET WRITE_DELAY " + WRITE_DELAY_MILLIS);
            statement.execute("CHECKPOINT");
        }
        return new DurableCommits(pool);
    }

    @Override
    Connection wrap(Connection connection) {
        InvocationHandler handler = new InvocationHandler() {
            @Override
            public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
                boolean commit = method.getName().equals("commit") && method.getParameterCount() == 0
                        && mayHaveWritten(connection);
                if (commit) {
                    checkpoint(connection);
                }
                Object result;
                try {
                    result = method.invoke(connection, arguments);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
                if (commit) {
                    checkpoint(connection);
                }
                return result;
            }
        };
        return (Connection) Proxy.newProxyInstance(DurableCommits.class.getClassLoader(),
                new Class<?>[] {Connection.class}, handler);
    }

    /**
     * A transaction that wrote nothing has nothing to store and no commit a store could cut in two; most of Quartz's
     * and the readers' transactions are such, and a {@code CHECKPOINT} there would store other sessions' open
     * transactions on this thread.
     */
    private static boolean mayHaveWritten(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(JdbcConnection.class)) {
            return true;
        }
        Session session = connection.unwrap(JdbcConnection.class).getSession();
        return !(session instanceof SessionLocal local) || local.hasPendingTransaction();
    }

    private static void checkpoint(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        }
    }
}
