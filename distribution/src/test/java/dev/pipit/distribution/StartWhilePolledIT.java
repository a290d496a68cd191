package dev.pipit.distribution;

import static dev.pipit.distribution.testutil.TestProjects.csv;
import static dev.pipit.distribution.testutil.TestProjects.project;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.distribution.testutil.PipitProcess;
import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.db.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/scheduler start} on an H2 file while an admin command polls the database every 100 ms, as the README's
 * "leave it running and, in a second terminal..." invites: on a first start, and on restarts right after
 * {@code kill -9}. The poll opens the database exactly as an admin command does ({@code Database.open} with the
 * project's configuration, a query, a close) but in this JVM, so twenty polls take two seconds rather than a
 * minute of JVM starts. Without the patient open the daemon died at once with H2's "Lock file recently modified".
 */
class StartWhilePolledIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final int POLLS = 20;
    private static final int RESTARTS = 2;

    @TempDir
    Path dir;

    @Test
    void theDaemonStartsAndRestartsAfterKill9WhileAnAdminCommandPollsEvery100Ms() throws Exception {
        project(dir, "events", "@auto");
        csv(dir, "events", "a.csv", 0, 100, Instant.parse("2026-11-01T00:00:00Z"));
        Map<String, String> environment = Map.of(
                "PIPIT_JMX_PORT", Integer.toString(PipitProcess.freePort()),
                "PIPIT_NODE_ID", "polled",
                "PIPIT_AUTO_INTERVAL", "1s");
        ExecutorService poller = Executors.newSingleThreadExecutor();
        try {
            for (int start = 0; start <= RESTARTS; start++) {
                Future<Integer> polls = poller.submit(this::poll);
                try (PipitProcess daemon = PipitProcess.start(dir, environment, "start", dir.toString())) {
                    daemon.awaitLine("Pipit is running", TIMEOUT);
                    assertThat(polls.get()).as("polls that saw the database").isEqualTo(POLLS);
                    assertThat(daemon.isAlive()).as(daemon.output()).isTrue();
                    daemon.kill();
                }
            }
        } finally {
            poller.shutdownNow();
        }
    }

    /** What {@code bin/scheduler sql "SELECT 1"} does, every 100 ms; returns how many polls succeeded. */
    private int poll() throws InterruptedException {
        PipitConfig config = PipitConfig.of(Map.of());
        int succeeded = 0;
        for (int i = 0; i < POLLS; i++) {
            try (Database database = Database.open(config, dir)) {
                succeeded += database.jdbi().withHandle(handle -> handle.createQuery("SELECT 1")
                        .mapTo(Integer.class).one());
            }
            Thread.sleep(100);
        }
        return succeeded;
    }
}
