package dev.pipit.scheduler.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunHistory;
import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.history.RunStatus;
import dev.pipit.scheduler.history.RunTrigger;
import dev.pipit.scheduler.testutil.TestDatabases;
import dev.pipit.testkit.db.Backend;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.quartz.Scheduler;

/**
 * A survivor's cluster recovery fails every run a dead node left running, consumption intervals included, which
 * no Quartz job re-fires. Quartz's first check-in runs inside {@code start()}, so the recovery is over when it
 * returns.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class ClusterRecoveryJobStoreTest {
    private static final ClusterSettings CLUSTER = new ClusterSettings(true, Duration.ofSeconds(60));

    @Parameter
    Backend backend;

    private Database database;
    private RunHistory history;

    @BeforeEach
    void open() {
        database = TestDatabases.open(backend);
        history = new RunHistory(database.jdbi());
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aSurvivorFailsTheFileAndStreamRunsOfADeadNodeOnly() throws Exception {
        checkIn("dead", 0);
        checkIn("alive", System.currentTimeMillis());
        long deadImport = history.start("events", RunTrigger.AUTO, "dead");
        long deadStream = history.start("clicks", RunTrigger.STREAM, "dead");
        long deadFinished = history.start("clicks", RunTrigger.STREAM, "dead");
        history.finish(deadFinished, RunStatus.SUCCEEDED, null);
        long aliveStream = history.start("clicks", RunTrigger.STREAM, "alive");
        long mine = history.start("clicks", RunTrigger.STREAM, "me");

        Scheduler survivor = QuartzSchedulers.create(database.dataSource(), "me", 1, CLUSTER, (bundle, quartz) -> {
            throw new IllegalStateException("no job is scheduled in this test");
        });
        try {
            survivor.start();
        } finally {
            survivor.shutdown(true);
        }

        assertThat(history.find(deadImport).orElseThrow())
                .extracting(RunRecord::status, RunRecord::error)
                .containsExactly(RunStatus.FAILED, ClusterRecoveryJobStore.FILE_RUN_REASON);
        assertThat(history.find(deadStream).orElseThrow())
                .extracting(RunRecord::status, RunRecord::error)
                .containsExactly(RunStatus.FAILED, ClusterRecoveryJobStore.STREAM_RUN_REASON);
        assertThat(history.find(deadFinished).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(List.of(aliveStream, mine))
                .allSatisfy(id -> assertThat(history.find(id).orElseThrow().status()).isEqualTo(RunStatus.RUNNING));
        assertThat(checkedInNodes()).doesNotContain("dead").contains("alive");
    }

    private void checkIn(String node, long at) {
        database.jdbi().useHandle(handle -> handle.createUpdate("""
                        INSERT INTO pipit.qrtz_scheduler_state (sched_name, instance_name, last_checkin_time,
                                                                checkin_interval)
                        VALUES (:scheduler, :node, :at, :interval)""")
                .bind("scheduler", QuartzSchedulers.SCHEDULER_NAME)
                .bind("node", node)
                .bind("at", at)
                .bind("interval", CLUSTER.checkinInterval().toMillis())
                .execute());
    }

    private List<String> checkedInNodes() {
        return database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT instance_name FROM pipit.qrtz_scheduler_state").mapTo(String.class).list());
    }
}
