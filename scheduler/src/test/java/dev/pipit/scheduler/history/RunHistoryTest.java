package dev.pipit.scheduler.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.testutil.TestDatabases;
import dev.pipit.testkit.db.Backend;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Backend.class)
class RunHistoryTest {
    @Parameter
    Backend backend;

    private Database database;
    private Jdbi jdbi;
    private RunHistory history;

    @BeforeEach
    void open() {
        database = TestDatabases.open(backend);
        jdbi = database.jdbi();
        history = new RunHistory(jdbi);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aStartedRunIsRunningWithNothingCounted() {
        long id = history.start("events", RunTrigger.MANUAL, "node-1");

        RunRecord run = history.find(id).orElseThrow();
        assertThat(run.datasource()).isEqualTo("events");
        assertThat(run.trigger()).isEqualTo(RunTrigger.MANUAL);
        assertThat(run.node()).isEqualTo("node-1");
        assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(run.startedAt()).isNotNull();
        assertThat(run.endedAt()).isNull();
        assertThat(run.files()).isZero();
        assertThat(run.rows()).isZero();
        assertThat(history.find(id + 1)).isEmpty();
    }

    @Test
    void countsOnlyFilesWhoseTransactionCommitted() {
        long id = history.start("events", RunTrigger.AUTO, "node-1");

        jdbi.useTransaction(h -> history.addFiles(h, id, 1, 100, 4000, 2));
        jdbi.useTransaction(h -> history.addFiles(h, id, 1, 50, 1000, 0));
        jdbi.useTransaction(h -> {
            history.addFiles(h, id, 1, 999, 999, 999);
            h.rollback();
        });

        RunRecord run = history.find(id).orElseThrow();
        assertThat(run.files()).isEqualTo(2);
        assertThat(run.rows()).isEqualTo(150);
        assertThat(run.bytes()).isEqualTo(5000);
        assertThat(run.quarantined()).isEqualTo(2);
    }

    @Test
    void recordsHowARunEnded() {
        long id = history.start("events", RunTrigger.AUTO, "node-1");

        history.finish(id, RunStatus.PARTIAL, "s3://bkt/b.csv: expected 7 columns, found 6");

        RunRecord run = history.find(id).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(run.endedAt()).isAfterOrEqualTo(run.startedAt());
        assertThat(run.error()).isEqualTo("s3://bkt/b.csv: expected 7 columns, found 6");
    }

    @Test
    void refusesUnknownRunsAndRunningAsAnEnd() {
        assertThatIllegalArgumentException().isThrownBy(() -> history.finish(42, RunStatus.SUCCEEDED, null))
                .withMessage("run 42 does not exist");
        long id = history.start("events", RunTrigger.AUTO, "node-1");
        assertThatIllegalArgumentException().isThrownBy(() -> history.finish(id, RunStatus.RUNNING, null))
                .withMessage("a finished run cannot be running");
    }

    @Test
    void listsRecentRunsNewestFirst() {
        long first = history.start("events", RunTrigger.AUTO, "node-1");
        long other = history.start("orders", RunTrigger.AUTO, "node-1");
        long second = history.start("events", RunTrigger.MANUAL, "node-1");
        long third = history.start("events", RunTrigger.AUTO, "node-1");

        assertThat(history.recent("events", 10)).extracting(RunRecord::id).containsExactly(third, second, first);
        assertThat(history.recent("events", 2)).extracting(RunRecord::id).containsExactly(third, second);
        assertThat(history.recent(null, 10)).extracting(RunRecord::id).containsExactly(third, second, other, first);
    }

    @Test
    void failsTheRunsThisNodeLeftRunning() {
        long interrupted = history.start("events", RunTrigger.AUTO, "node-1");
        long finished = history.start("events", RunTrigger.AUTO, "node-1");
        history.finish(finished, RunStatus.SUCCEEDED, null);
        long elsewhere = history.start("events", RunTrigger.AUTO, "node-2");
        long consuming = history.start("clicks", RunTrigger.STREAM, "node-1");
        long exporting = history.start("daily_export", RunTrigger.SINK, "node-1");

        int failed = history.failInterrupted("node-1", "file rolled back", "batch rolled back");

        assertThat(failed).isEqualTo(3);
        assertThat(history.find(exporting).orElseThrow())
                .extracting(RunRecord::status, RunRecord::error)
                .containsExactly(RunStatus.FAILED, RunHistory.PIPE_RUN_REASON);
        assertThat(history.find(interrupted).orElseThrow())
                .extracting(RunRecord::status, RunRecord::error)
                .containsExactly(RunStatus.FAILED, "file rolled back");
        assertThat(history.find(consuming).orElseThrow())
                .extracting(RunRecord::status, RunRecord::error)
                .containsExactly(RunStatus.FAILED, "batch rolled back");
        assertThat(history.find(finished).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(history.find(elsewhere).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
    }

    @Test
    void findsTheLatestRunOfATriggerRequest() {
        long first = history.start("events", RunTrigger.MANUAL, "dead", "request-1");
        history.finish(first, RunStatus.FAILED, "its node died");
        long takenOver = history.start("events", RunTrigger.MANUAL, "node-2", "request-1");
        history.start("events", RunTrigger.AUTO, "node-2");

        assertThat(history.findByRequest("request-1")).map(RunRecord::id).contains(takenOver);
        assertThat(history.findByRequest("request-2")).isEmpty();
    }

    @Test
    void recordsSchemaChangesPerDataSource() {
        SchemaChanges changes = new SchemaChanges(jdbi);
        jdbi.useTransaction(h -> {
            changes.record(h, "events", SchemaChangeKind.TABLE_CREATED, null, null, null);
            changes.record(h, "events", SchemaChangeKind.COLUMN_ADDED, "country", "Nullable(String)", "s3://bkt/b.csv");
            changes.record(h, "orders", SchemaChangeKind.TABLE_CREATED, null, null, null);
        });

        assertThat(changes.list("events"))
                .extracting(SchemaChange::kind, SchemaChange::columnName, SchemaChange::columnType, SchemaChange::sourceKey)
                .containsExactly(
                        tuple(SchemaChangeKind.TABLE_CREATED, null, null, null),
                        tuple(SchemaChangeKind.COLUMN_ADDED, "country", "Nullable(String)",
                                "s3://bkt/b.csv"));
    }

    @Test
    void theLatestDeploymentIsTheLastRecorded() {
        Deployments deployments = new Deployments(jdbi);
        assertThat(deployments.latest()).isEmpty();

        long first = deployments.record(null, "a".repeat(64), "created events", "{}", "{}");
        long second = deployments.record(first, "b".repeat(64), "added column country to events", "{\"m\":1}", "{}");

        Deployment latest = deployments.latest().orElseThrow();
        assertThat(latest.id()).isEqualTo(second);
        assertThat(latest.contentHash()).isEqualTo("b".repeat(64));
        assertThat(latest.summary()).isEqualTo("added column country to events");
        assertThat(latest.deployedAt()).isNotNull();
        assertThat(latest.manifest()).isEqualTo("{\"m\":1}");
        assertThat(deployments.recent(10)).extracting(Deployment::id).containsExactly(second, first);
    }

    @Test
    void aDeploymentPlannedAgainstAnOlderOneIsRefused() {
        Deployments deployments = new Deployments(jdbi);
        long first = deployments.record(null, "a".repeat(64), "created events", "{}", "{}");
        deployments.record(first, "b".repeat(64), "added column country to events", "{}", "{}");

        assertThatThrownBy(() -> deployments.record(first, "c".repeat(64), "changed", "{}", "{}"))
                .isInstanceOf(ConcurrentDeploymentException.class)
                .hasMessage("deployment " + (first + 1) + " was recorded while this one was planned against deployment "
                        + first + "; run the deployment again to plan it against the latest");
        assertThatThrownBy(() -> deployments.record(null, "c".repeat(64), "changed", "{}", "{}"))
                .isInstanceOf(ConcurrentDeploymentException.class);
    }
}
