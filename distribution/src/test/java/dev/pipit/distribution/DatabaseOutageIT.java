package dev.pipit.distribution;

import static dev.pipit.distribution.testutil.TestProjects.csv;
import static dev.pipit.distribution.testutil.TestProjects.project;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.distribution.testutil.PipitProcess;
import dev.pipit.distribution.testutil.RunWaits;
import dev.pipit.distribution.testutil.SqlProbe;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stopped in the middle of a file and started again: the run fails cleanly (recorded as failed once
 * the database is back, its file rolled back and pending), the daemon lives on, and the next run imports what
 * was left with no row twice.
 */
class DatabaseOutageIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final long LARGE_ROWS = 200_000;

    @TempDir
    Path dir;

    @TempDir
    Path pgData;

    private int pgPort;

    @Test
    void aDatabaseOutageFailsTheRunCleanlyAndTheNextRunImportsTheRestOnce() throws Exception {
        project(dir, "big", "@on-demand");
        Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
        csv(dir, "big", "a.csv", 0, 1_000, t0);
        csv(dir, "big", "b.csv", 1_000, LARGE_ROWS, t0.plusSeconds(1));
        csv(dir, "big", "c.csv", 1_000 + LARGE_ROWS, 1_000, t0.plusSeconds(2));
        pgPort = PipitProcess.freePort();
        int jmxPort = PipitProcess.freePort();
        Map<String, String> environment = Map.of(
                "PIPIT_DB_URL", "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres",
                "PIPIT_DB_USER", "postgres",
                "PIPIT_JMX_PORT", Integer.toString(jmxPort),
                "PIPIT_NODE_ID", "outage",
                "PIPIT_DB_CONNECT_TIMEOUT", "1s");
        EmbeddedPostgres postgres = startPostgres();
        try (PipitProcess daemon = PipitProcess.start(dir, environment, "start", dir.toString())) {
            daemon.awaitLine("Pipit is running", TIMEOUT);
            // The three files share a transaction (import.files-per-commit): the outage rolls back all of them.
            RunWaits.triggerIntoSecondFileOfAGroup(jmxPort, "big", 1_000, TIMEOUT);
            postgres.close();
            daemon.awaitLine("database connection failed while importing", TIMEOUT);
            // The run's end cannot be recorded yet; the runner keeps trying instead of leaving it "running".
            daemon.awaitLine("cannot record its end, the database is unreachable", TIMEOUT);
            assertThat(daemon.isAlive()).isTrue();

            postgres = startPostgres();
            awaitRunRecorded();
            PipitProcess.Result trigger = PipitProcess.run(dir, environment, TIMEOUT, "trigger", "big", "--project",
                    dir.toString());
            assertThat(trigger.exitCode()).as(trigger.output() + "\n--- daemon:\n" + daemon.output()).isZero();
            assertThat(daemon.isAlive()).isTrue();
            assertThat(daemon.terminate(TIMEOUT)).as(daemon.output()).isEqualTo(143);
        } finally {
            postgres.close();
        }
        postgres = startPostgres();
        try {
            long expected = 2_000 + LARGE_ROWS;
            assertThat(query("SELECT count(*) FROM big")).isEqualTo(expected);
            assertThat(query("SELECT count(DISTINCT id) FROM big")).isEqualTo(expected);
            assertThat(query("SELECT count(*) FROM pipit.files WHERE status = 'imported'")).isEqualTo(3);
            // The attempt the outage cut short ended in a live process: it does not count towards
            // import.crash-attempts.
            assertThat(query("SELECT sum(unfinished_attempts) FROM pipit.files")).isZero();
            assertThat(query("SELECT count(*) FROM pipit.runs WHERE status = 'running'")).isZero();
            assertThat(query("SELECT count(*) FROM pipit.runs WHERE status = 'failed' "
                    + "AND error LIKE '%database connection failed%'")).isEqualTo(1);
        } finally {
            postgres.close();
        }
    }

    private EmbeddedPostgres startPostgres() throws Exception {
        return EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .setPort(pgPort)
                .start();
    }

    /** Waits until the interrupted run's end is in the history: its record waited for the database. */
    private void awaitRunRecorded() throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (query("SELECT count(*) FROM pipit.runs WHERE status = 'running'") > 0) {
            assertThat(Instant.now()).as("the interrupted run is still 'running'").isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private long query(String sql) throws Exception {
        return new SqlProbe("jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres", "postgres", "").count(sql);
    }
}
