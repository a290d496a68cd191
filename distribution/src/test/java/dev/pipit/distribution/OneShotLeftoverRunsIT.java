package dev.pipit.distribution;

import static dev.pipit.distribution.testutil.TestProjects.csv;
import static dev.pipit.distribution.testutil.TestProjects.project;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.distribution.testutil.PipitProcess;
import dev.pipit.distribution.testutil.SqlProbe;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/scheduler run} on an H2 file fails the runs a killed daemon of its node left running, and leaves them
 * alone while a daemon of the node is alive. The leftovers are written as a killed daemon leaves them: rows of
 * the node still {@code running}, with no process behind them.
 */
class OneShotLeftoverRunsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void aOneShotRunFailsWhatADeadDaemonOfItsNodeLeftRunningOnly() throws Exception {
        project(dir, "events", "@on-demand");
        csv(dir, "events", "a.csv", 0, 10, Instant.parse("2026-11-01T00:00:00Z"));
        Map<String, String> environment = Map.of("PIPIT_NODE_ID", "cron-host",
                "PIPIT_JMX_PORT", Integer.toString(PipitProcess.freePort()));
        assertThat(oneShot(environment).exitCode()).isZero();

        long scheduled = leftover("auto", "cron-host");
        long oneShotElsewhere = leftover("manual", "cron-host");
        long otherNode = leftover("auto", "other-host");
        PipitProcess.Result run = oneShot(environment);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(status(scheduled)).startsWith("failed: the daemon stopped before the run ended");
        assertThat(status(oneShotElsewhere)).isEqualTo("running");
        assertThat(status(otherNode)).isEqualTo("running");

        try (PipitProcess daemon = PipitProcess.start(dir, environment, "start", dir.toString())) {
            daemon.awaitLine("Pipit is running", TIMEOUT);
            long live = leftover("auto", "cron-host");

            PipitProcess.Result beside = oneShot(environment);

            assertThat(beside.exitCode()).as(beside.output()).isZero();
            assertThat(status(live)).isEqualTo("running");
            assertThat(daemon.terminate(TIMEOUT)).as(daemon.output()).isEqualTo(143);
        }
    }

    private PipitProcess.Result oneShot(Map<String, String> environment) throws Exception {
        return PipitProcess.run(dir, environment, TIMEOUT, "run", "events", "--project", dir.toString());
    }

    private long leftover(String trigger, String node) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO pipit.runs (datasource, trigger, node, started_at, status)
                        VALUES ('events', ?, ?, CURRENT_TIMESTAMP, 'running')""", new String[] {"id"})) {
            insert.setString(1, trigger);
            insert.setString(2, node);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private String status(long run) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT status, error FROM pipit.runs WHERE id = ?")) {
            query.setLong(1, run);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                String error = rows.getString("error");
                return rows.getString("status") + (error == null ? "" : ": " + error);
            }
        }
    }

    /** Through the daemon's server while it runs, like any admin tool. */
    private Connection connect() throws SQLException {
        return SqlProbe.h2Served(dir).connect();
    }
}
