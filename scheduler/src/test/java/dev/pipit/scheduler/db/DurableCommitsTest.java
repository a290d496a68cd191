package dev.pipit.scheduler.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.scheduler.config.PipitConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a {@code kill -9} leaves of an H2 database is its file as it is: a copy of the file taken right after a
 * commit returned must hold the commit, though H2 keeps a write delay for the transactions' own pages.
 */
class DurableCommitsTest {
    @TempDir
    Path projectDir;

    @Test
    void aCommitIsInTheFileWhenItReturns() throws Exception {
        PipitConfig config = PipitConfig.of(Map.of("db.url", "jdbc:h2:file:./data/pipit"));
        Path copy = projectDir.resolve("killed/pipit.mv.db");
        try (Database database = Database.open(config, projectDir)) {
            database.jdbi().useHandle(handle -> handle.execute("CREATE TABLE events (id int)"));
            database.jdbi().useTransaction(handle -> handle.execute("INSERT INTO events VALUES (1), (2), (3)"));

            Files.createDirectories(copy.getParent());
            Files.copy(projectDir.resolve("data/pipit.mv.db"), copy);
            assertThat(writeDelay(database)).isPositive();
        }

        try (Connection killed = DriverManager.getConnection("jdbc:h2:file:" + projectDir.resolve("killed/pipit")
                        + ";DATABASE_TO_LOWER=TRUE;ACCESS_MODE_DATA=r", "pipit", "");
                Statement statement = killed.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM events")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(3);
        }
    }

    /**
     * A store running as a commit starts must not hold the commit's mark without all of the transaction's rows: they
     * are stored first (see {@link DurableCommits}).
     */
    @Test
    void aTransactionIsStoredBeforeItsCommitAndTheCommitAfter() throws Exception {
        List<String> calls = new ArrayList<>();
        try (Connection connection = DurableCommits.over(recording(calls)).getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE events (id int)");
            connection.setAutoCommit(false);
            statement.execute("INSERT INTO events VALUES (1)");
            calls.clear();
            connection.commit();
        }
        assertThat(calls).containsExactly("CHECKPOINT", "commit", "CHECKPOINT", "close");
    }

    /** Quartz's and the readers' transactions write nothing: a store then would only serve other sessions. */
    @Test
    void aTransactionThatWroteNothingCommitsWithoutACheckpoint() throws Exception {
        List<String> calls = new ArrayList<>();
        try (Connection connection = DurableCommits.over(recording(calls)).getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE events (id int)");
            connection.setAutoCommit(false);
            statement.executeQuery("SELECT count(*) FROM events").close();
            calls.clear();
            connection.commit();
        }
        assertThat(calls).containsExactly("commit", "close");
    }

    /**
     * A data source of in-memory H2 connections that record each statement they {@code execute}, each commit and each
     * close.
     */
    private static DataSource recording(List<String> calls) {
        String url = "jdbc:h2:mem:" + UUID.randomUUID();
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, arguments) -> {
                    Connection real = DriverManager.getConnection(url);
                    return Proxy.newProxyInstance(Connection.class.getClassLoader(),
                            new Class<?>[] {Connection.class}, recordingConnection(real, calls));
                });
    }

    private static InvocationHandler recordingConnection(Connection real, List<String> calls) {
        return (proxy, method, arguments) -> switch (method.getName()) {
            case "createStatement" -> {
                Statement statement = real.createStatement();
                yield Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {Statement.class},
                        (statementProxy, statementMethod, statementArguments) -> {
                            if (statementMethod.getName().equals("execute")) {
                                calls.add((String) statementArguments[0]);
                            }
                            return invoke(statementMethod, statement, statementArguments);
                        });
            }
            case "commit", "close" -> {
                calls.add(method.getName());
                yield invoke(method, real, arguments);
            }
            default -> invoke(method, real, arguments);
        };
    }

    private static Object invoke(Method method, Object target, Object[] arguments) throws Throwable {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * H2 runs a URL's settings again for every new connection: with {@code WRITE_DELAY=0} in the URL, a pool that
     * grew during an import switched the delay, and H2's serialization threads with it, off for good.
     */
    @Test
    void theWriteDelayStaysOnWhenThePoolGrows() throws Exception {
        PipitConfig config = PipitConfig.of(Map.of("db.url", "jdbc:h2:file:./data/pipit", "db.pool-size", "8"));
        try (Database database = Database.open(config, projectDir)) {
            List<Connection> held = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    held.add(database.dataSource().getConnection());
                }
            } finally {
                for (Connection connection : held) {
                    connection.close();
                }
            }

            assertThat(writeDelay(database)).isPositive();
        }
    }

    private static int writeDelay(Database database) {
        return database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT setting_value FROM information_schema.settings WHERE setting_name = 'WRITE_DELAY'")
                .mapTo(Integer.class).one());
    }
}
