package dev.pipit.distribution;

import static dev.pipit.distribution.testutil.TestProjects.addDataSource;
import static dev.pipit.distribution.testutil.TestProjects.csv;
import static dev.pipit.distribution.testutil.TestProjects.project;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.distribution.testutil.PipitProcess;
import dev.pipit.distribution.testutil.SqlProbe;
import dev.pipit.scheduler.admin.JmxClient;
import dev.pipit.scheduler.admin.JmxSettings;
import dev.pipit.scheduler.schedule.RunProgress;
import dev.pipit.testkit.db.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running daemon (a separate process, on PostgreSQL) follows deployments without a restart: one announced over
 * JMX by {@code bin/scheduler deploy}, one it finds by polling. The data source removed by the first is in the
 * middle of a run, held there by a table lock the test takes, so the redeploy certainly happens during the run;
 * released, the run completes and is recorded.
 */
class DeployIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    @TempDir
    Path dir;

    private final Map<String, String> database = TestPostgres.server().freshDatabase();

    @Test
    void aRunningDaemonPicksUpAnAddedAndARemovedDataSourceWhileARunGoesOn() throws Exception {
        project(dir, "orders", "@on-demand");
        for (int i = 0; i < 3; i++) {
            csv(dir, "orders", "orders-" + i + ".csv", i * 100L, 100, T0.plusSeconds(i));
        }
        int port = PipitProcess.freePort();
        Map<String, String> environment = environment(port);
        execute("CREATE TABLE orders (id bigint, name varchar, amount double precision)");

        try (PipitProcess daemon = PipitProcess.start(dir, environment, "start", dir.toString());
                Connection lock = connect()) {
            daemon.awaitLine("Pipit is running", TIMEOUT);
            assertThat(run(environment, "deployments", "--project", dir.toString()).output())
                    .contains("added connection inbox; added data source orders");

            // Every file of the run writes to orders, so the run cannot end while the test holds this lock.
            lock.setAutoCommit(false);
            try (Statement statement = lock.createStatement()) {
                statement.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
            }
            try (JmxClient client = JmxClient.connect(new JmxSettings("127.0.0.1", port, null, null))) {
                String request = client.control().trigger("orders");
                awaitPlanned(client, request);

                Files.delete(dir.resolve("datasources/orders.datasource"));
                addDataSource(dir, "clicks", "@on-demand");
                csv(dir, "clicks", "clicks-0.csv", 0, 25, T0);
                PipitProcess.Result deploy = run(environment, "deploy", dir.toString(), "--allow-destructive-operations");
                assertThat(deploy.exitCode()).as(deploy.output()).isZero();
                assertThat(deploy.stdout()).contains("+ data source clicks", "- data source orders",
                        "Deployed as deployment 2.")
                        // The daemon's own poll may have found the deployment before the JMX call arrived.
                        .containsPattern("The daemon on 127.0.0.1:" + port + ": deployment 2 (applied|is running already)");
                daemon.awaitLine("Deployment 2 applied", TIMEOUT);

                PipitProcess.Result clicks = run(environment, "trigger", "clicks", "--project", dir.toString());
                assertThat(clicks.exitCode()).as(clicks.output()).isZero();
                assertThat(clicks.output()).contains("succeeded", "25 rows");
                PipitProcess.Result orders = run(environment, "trigger", "orders", "--project", dir.toString());
                assertThat(orders.exitCode()).as(orders.output()).isEqualTo(2);
                assertThat(client.control().progress(request).isDone()).isFalse();

                lock.commit();
                RunProgress done = awaitDone(client, request);
                assertThat(done.getStatus()).isEqualTo("succeeded");
                assertThat(done.getRows()).isEqualTo(300);
            }
            assertThat(query("SELECT count(*) FROM orders")).isEqualTo(300);
            assertThat(query("SELECT count(*) FROM pipit.runs WHERE datasource = 'orders' AND status = 'succeeded' "
                    + "AND files = 3 AND \"rows\" = 300")).isEqualTo(1);

            addDataSource(dir, "views", "@on-demand");
            csv(dir, "views", "views-0.csv", 0, 7, T0);
            Map<String, String> noDaemon = new HashMap<>(environment);
            noDaemon.put("PIPIT_JMX_PORT", Integer.toString(PipitProcess.freePort()));
            PipitProcess.Result deploy = run(noDaemon, "deploy", dir.toString());
            assertThat(deploy.exitCode()).as(deploy.output()).isZero();
            assertThat(deploy.stdout()).contains("Deployed as deployment 3.", "No daemon answers JMX");
            daemon.awaitLine("Deployment 3 applied", TIMEOUT);
            PipitProcess.Result views = run(environment, "trigger", "views", "--project", dir.toString());
            assertThat(views.exitCode()).as(views.output()).isZero();
            assertThat(views.output()).contains("succeeded", "7 rows");

            assertThat(daemon.terminate(TIMEOUT)).as(daemon.output()).isEqualTo(143);
        }
    }

    private Map<String, String> environment(int jmxPort) {
        return Map.of(
                "PIPIT_DB_URL", database.get("db.url"),
                "PIPIT_DB_USER", database.get("db.user"),
                "PIPIT_DB_PASSWORD", database.get("db.password"),
                "PIPIT_NODE_ID", "deployed",
                "PIPIT_JMX_PORT", Integer.toString(jmxPort),
                "PIPIT_DEPLOY_POLL_INTERVAL", "500ms");
    }

    private PipitProcess.Result run(Map<String, String> environment, String... args) throws Exception {
        return PipitProcess.run(dir, environment, TIMEOUT, args);
    }

    /** Waits until the run has listed its files: from then on it is inside its first file, waiting for the lock. */
    private static void awaitPlanned(JmxClient client, String request) throws InterruptedException {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            RunProgress progress = client.control().progress(request);
            if (progress != null && progress.getFilesPlanned() == 3) {
                assertThat(progress.getFilesDone()).isZero();
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the run of orders never started");
    }

    private static RunProgress awaitDone(JmxClient client, String request) throws InterruptedException {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            RunProgress progress = client.control().progress(request);
            if (progress != null && progress.isDone()) {
                return progress;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the run of orders did not end after the lock was released");
    }

    private Connection connect() throws SQLException {
        return SqlProbe.of(database).connect();
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private long query(String sql) throws SQLException {
        return SqlProbe.of(database).count(sql);
    }
}
