package dev.pipit.scheduler.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunHistory;
import dev.pipit.scheduler.history.RunStatus;
import dev.pipit.scheduler.history.RunTrigger;
import dev.pipit.scheduler.project.AfterImport;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.project.ImportSpec;
import dev.pipit.scheduler.project.KafkaSpec;
import dev.pipit.scheduler.project.Location;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.project.Schedule;
import dev.pipit.scheduler.testutil.TestDatabases;
import dev.pipit.spi.connector.BucketAddress;
import dev.pipit.testkit.db.Backend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Backend.class)
class FailureWatcherTest {
    private static final Location HERE = new Location("datasources/test.datasource", 1);

    @Parameter
    Backend backend;

    private Database database;
    private RunHistory history;
    private final List<Alert> alerts = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> streamState = new AtomicReference<>("running");
    private final Project project = new Project(Path.of("."), Map.of(), Map.of(
            "orders", new DataSourceDef("orders", "datasources/orders.datasource", "", List.of(), Map.of(),
                    Optional.of(new ImportSpec("inbox", "file:///in/*.csv",
                            new BucketAddress("file", "/", "in/*.csv"), Schedule.ON_DEMAND, null, null, false, false, AfterImport.KEEP, HERE)), Optional.empty()),
            "clicks", new DataSourceDef("clicks", "datasources/clicks.datasource", "", List.of(), Map.of(),
                    Optional.empty(), Optional.of(new KafkaSpec("broker", "clicks", "pipit", "earliest", false, false,
                            "", HERE)))), List.of());

    @BeforeEach
    void open() {
        database = TestDatabases.open(backend);
        history = new RunHistory(database.jdbi());
    }

    @AfterEach
    void close() {
        database.close();
    }

    private FailureWatcher watcher(Duration staleAfter) {
        return new FailureWatcher(database.jdbi(), "node-a", () -> project, name -> streamState.get(),
                Optional.ofNullable(staleAfter), alerts::add);
    }

    @Test
    void thisNodesFailedFilesAndRunsSinceItStartedAreAlertedOnce() throws Exception {
        long before = history.start("orders", RunTrigger.MANUAL, "node-a");
        history.finish(before, RunStatus.FAILED, "before the daemon started");
        Thread.sleep(20);
        FailureWatcher watcher = watcher(null);

        long run = history.start("orders", RunTrigger.MANUAL, "node-a");
        database.jdbi().useHandle(handle -> handle.createUpdate("""
                INSERT INTO pipit.files (datasource, bucket, object_key, "key", status, run_id, error, discovered_at,
                                         updated_at)
                VALUES ('orders', '/', 'in/bad.csv', 'file:///in/bad.csv', 'failed', :run, 'not a text file',
                        CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""")
                .bind("run", run).execute());
        history.finish(run, RunStatus.FAILED, "1 of 1 files failed");
        long elsewhere = history.start("orders", RunTrigger.AUTO, "node-b");
        history.finish(elsewhere, RunStatus.FAILED, "another node's run");

        watcher.check();
        watcher.check();

        assertThat(alerts).extracting(alert -> alert.event() + " " + alert.runId() + " " + alert.key())
                .containsExactlyInAnyOrder("FILE_FAILED " + run + " file:///in/bad.csv", "RUN_FAILED " + run + " null");
        assertThat(alerts).allSatisfy(alert -> assertThat(alert.toJson()).containsKeys("event", "datasource", "node",
                "at", "run_id", "key", "error", "message"));
        watcher.close();
    }

    @Test
    void aKafkaConsumerThatStopsOnAnErrorIsAlertedOncePerStop() {
        FailureWatcher watcher = watcher(null);

        watcher.check();
        streamState.set("restarting: the broker at 127.0.0.1:9092 is unreachable");
        watcher.check();
        watcher.check();
        streamState.set("running");
        watcher.check();
        streamState.set("restarting: the broker at 127.0.0.1:9092 is unreachable");
        watcher.check();

        assertThat(alerts).extracting(Alert::event, Alert::dataSource)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Alert.Event.STREAM_STOPPED, "clicks"),
                        org.assertj.core.groups.Tuple.tuple(Alert.Event.STREAM_STOPPED, "clicks"));
        assertThat(alerts.get(0).error()).contains("unreachable");
        watcher.close();
    }

    @Test
    void aKafkaConsumerWhoseCredentialsAreRefusedIsAlertedAsMisconfigured() {
        FailureWatcher watcher = watcher(null);
        streamState.set("misconfigured: cannot read topic clicks: SASL authentication failed");

        watcher.check();
        watcher.check();

        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.event()).isEqualTo(Alert.Event.STREAM_STOPPED);
            assertThat(alert.message()).startsWith("clicks: the Kafka broker refused the connection's settings or "
                    + "credentials").contains("SASL authentication failed");
        });
        watcher.close();
    }

    @Test
    void failingAfterImportActionsAreAlertedOnceUntilTheyAllSucceed() {
        FailureWatcher watcher = watcher(null);
        long run = history.start("orders", RunTrigger.MANUAL, "node-a");
        long elsewhere = history.start("orders", RunTrigger.MANUAL, "node-b");
        long a = importedWithAction("a.csv", run, "failed", "Access Denied (403)");
        long b = importedWithAction("b.csv", run, "failed", "Access Denied (403)");
        importedWithAction("c.csv", elsewhere, "failed", "another node imported it");

        watcher.check();
        watcher.check();
        setActionStatus(a, "done");
        watcher.check();
        setActionStatus(b, "done");
        watcher.check();
        setActionStatus(a, "failed");
        watcher.check();

        assertThat(alerts).extracting(Alert::event, Alert::dataSource)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Alert.Event.AFTER_IMPORT_FAILED, "orders"),
                        org.assertj.core.groups.Tuple.tuple(Alert.Event.AFTER_IMPORT_FAILED, "orders"));
        assertThat(alerts.get(0).message()).isEqualTo("orders: 2 IMPORT_AFTER_IMPORT actions failed and later runs "
                + "try again: Access Denied (403)");
        assertThat(alerts.get(0).toJson()).containsEntry("event", "after_import_failed");
        assertThat(alerts.get(1).message()).startsWith("orders: 1 IMPORT_AFTER_IMPORT action failed");
        watcher.close();
    }

    /** A file of {@code orders} that {@code run} imported, with a delete in {@code status}; its ledger id. */
    private long importedWithAction(String key, long run, String status, String error) {
        return database.jdbi().inTransaction(handle -> {
            long id = handle.createUpdate("""
                    INSERT INTO pipit.files (datasource, bucket, object_key, "key", status, run_id, discovered_at,
                                             updated_at)
                    VALUES ('orders', '/', :key, :uri, 'imported', :run, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""")
                    .bind("key", "in/" + key).bind("uri", "file:///in/" + key).bind("run", run)
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            handle.createUpdate("""
                    INSERT INTO pipit.after_import (file_id, generation, action, status, attempts, error, created_at,
                                                    updated_at)
                    SELECT id, generation, 'delete', :status, 1, :error, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
                      FROM pipit.files WHERE id = :id""")
                    .bind("id", id).bind("status", status).bind("error", error).execute();
            return id;
        });
    }

    private void setActionStatus(long fileId, String status) {
        database.jdbi().useHandle(handle -> handle.createUpdate("UPDATE pipit.after_import SET status = :status, "
                        + "updated_at = CURRENT_TIMESTAMP WHERE file_id = :id")
                .bind("id", fileId).bind("status", status).execute());
    }

    @Test
    void aKafkaDataSourceWithoutASuccessfulRunGoesStaleButAnOnDemandOneNever() throws Exception {
        FailureWatcher watcher = watcher(Duration.ofMillis(50));
        Thread.sleep(100);

        watcher.check();
        watcher.check();

        assertThat(alerts).extracting(Alert::event, Alert::dataSource)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Alert.Event.STALE, "clicks"));
        watcher.close();
    }
}
