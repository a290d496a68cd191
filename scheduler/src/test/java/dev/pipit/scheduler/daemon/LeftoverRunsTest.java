package dev.pipit.scheduler.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunHistory;
import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.history.RunStatus;
import dev.pipit.scheduler.history.RunTrigger;
import dev.pipit.scheduler.schedule.QuartzSchedulers;
import dev.pipit.testkit.db.Backend;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A one-shot run fails what a dead daemon of its node left running, and nothing while that daemon may be alive:
 * on an H2 file the daemon lock tells, in a PostgreSQL cluster the node's Quartz check-in.
 */
class LeftoverRunsTest {
    private static final long CHECKIN_INTERVAL = 60_000;

    @TempDir
    Path dir;

    @Test
    void onAnH2FileWithoutADaemonFailsTheDaemonRunsOfItsNodeOnly() throws Exception {
        PipitConfig config = PipitConfig.of(Map.of("db.url", "jdbc:h2:file:" + dir.resolve("pipit")));
        try (Database database = Database.open(config, dir)) {
            Runs runs = Runs.record(new RunHistory(database.jdbi()));

            assertThat(LeftoverRuns.failForOneShot(database, config, "me")).isEqualTo(3);

            runs.assertDaemonRunsFailed();
        }
    }

    @Test
    void onAnH2FileFailsNothingWhileTheDaemonHoldsItsLock() throws Exception {
        PipitConfig config = PipitConfig.of(Map.of("db.url", "jdbc:h2:file:" + dir.resolve("pipit")));
        try (Database database = Database.open(config, dir);
                DaemonLock daemon = DaemonLock.acquire(database.displayUrl()).orElseThrow()) {
            Runs runs = Runs.record(new RunHistory(database.jdbi()));

            assertThat(LeftoverRuns.failForOneShot(database, config, "me")).isZero();

            runs.assertAllRunning();
        }
    }

    @Test
    void inAClusterFailsTheRunsOfANodeWhoseCheckInIsGoneOrStale() throws Exception {
        PipitConfig config = PipitConfig.of(Backend.POSTGRESQL.freshSettings());
        try (Database database = Database.open(config, dir)) {
            Runs runs = Runs.record(new RunHistory(database.jdbi()));
            checkIn(database, "me", System.currentTimeMillis() - CHECKIN_INTERVAL - 60_000);

            assertThat(LeftoverRuns.failForOneShot(database, config, "me")).isEqualTo(3);

            runs.assertDaemonRunsFailed();
        }
    }

    @Test
    void inAClusterFailsNothingWhileTheNodeChecksIn() throws Exception {
        PipitConfig config = PipitConfig.of(Backend.POSTGRESQL.freshSettings());
        try (Database database = Database.open(config, dir)) {
            Runs runs = Runs.record(new RunHistory(database.jdbi()));
            checkIn(database, "me", System.currentTimeMillis());

            assertThat(LeftoverRuns.failForOneShot(database, config, "me")).isZero();

            runs.assertAllRunning();
        }
    }

    @Test
    void withoutAClusterOnPostgresqlNothingTellsSoNothingIsFailed() throws Exception {
        PipitConfig config = PipitConfig.of(Backend.POSTGRESQL.freshSettings()).with("cluster", "false");
        try (Database database = Database.open(config, dir)) {
            Runs runs = Runs.record(new RunHistory(database.jdbi()));

            assertThat(LeftoverRuns.failForOneShot(database, config, "me")).isZero();

            runs.assertAllRunning();
        }
    }

    private static void checkIn(Database database, String node, long at) {
        database.jdbi().useHandle(handle -> handle.createUpdate("""
                        INSERT INTO pipit.qrtz_scheduler_state (sched_name, instance_name, last_checkin_time,
                                                                checkin_interval)
                        VALUES (:scheduler, :node, :at, :interval)""")
                .bind("scheduler", QuartzSchedulers.SCHEDULER_NAME)
                .bind("node", node)
                .bind("at", at)
                .bind("interval", CHECKIN_INTERVAL)
                .execute());
    }

    /** One running run of each kind: three a daemon of node "me" made, a one-shot's, and another node's. */
    private record Runs(RunHistory history, long scheduled, long triggered, long consumed, long oneShot,
            long otherNode) {
        static Runs record(RunHistory history) {
            return new Runs(history,
                    history.start("events", RunTrigger.AUTO, "me"),
                    history.start("events", RunTrigger.MANUAL, "me", "request-1"),
                    history.start("clicks", RunTrigger.STREAM, "me"),
                    history.start("events", RunTrigger.MANUAL, "me"),
                    history.start("events", RunTrigger.AUTO, "other"));
        }

        void assertDaemonRunsFailed() {
            assertThat(run(scheduled)).extracting(RunRecord::status, RunRecord::error)
                    .containsExactly(RunStatus.FAILED, LeftoverRuns.FILE_RUN_REASON);
            assertThat(run(triggered)).extracting(RunRecord::status, RunRecord::error)
                    .containsExactly(RunStatus.FAILED, LeftoverRuns.FILE_RUN_REASON);
            assertThat(run(consumed)).extracting(RunRecord::status, RunRecord::error)
                    .containsExactly(RunStatus.FAILED, LeftoverRuns.STREAM_RUN_REASON);
            assertThat(run(oneShot).status()).isEqualTo(RunStatus.RUNNING);
            assertThat(run(otherNode).status()).isEqualTo(RunStatus.RUNNING);
        }

        void assertAllRunning() {
            for (long id : new long[] {scheduled, triggered, consumed, oneShot, otherNode}) {
                assertThat(run(id).status()).isEqualTo(RunStatus.RUNNING);
            }
        }

        private RunRecord run(long id) {
            return history.find(id).orElseThrow();
        }
    }
}
