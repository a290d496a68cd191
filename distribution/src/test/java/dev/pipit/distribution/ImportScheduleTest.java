package dev.pipit.distribution;

import static dev.pipit.distribution.testutil.TestProjects.csv;
import static dev.pipit.distribution.testutil.TestProjects.project;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.distribution.testutil.InProcessRuns;
import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunHistory;
import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.history.RunStatus;
import dev.pipit.scheduler.history.RunTrigger;
import dev.pipit.scheduler.ledger.FileLedger;
import dev.pipit.scheduler.ledger.FileStatus;
import dev.pipit.scheduler.ledger.LedgerFile;
import dev.pipit.scheduler.run.ImportRunner;
import dev.pipit.scheduler.run.RunLimits;
import dev.pipit.scheduler.run.RunListener;
import dev.pipit.testkit.db.Backend;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The schedule's limits, driven run by run rather than by Quartz's clock: {@code @auto} takes five files per run,
 * oldest first; a trigger drains everything and never imports a key twice. On H2 and on PostgreSQL.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class ImportScheduleTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    @Parameter
    Backend backend;

    @TempDir
    Path dir;

    private Database database;

    @AfterEach
    void closeDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void autoImportsAtMostFiveFilesPerRunOldestFirst() {
        project(dir, "events", "@auto");
        // Names sort the other way round from modification times: the order must come from the times.
        for (int i = 0; i < 12; i++) {
            csv(dir, "events", "file-" + (99 - i) + ".csv", i * 10L, 10, T0.plusSeconds(60L * i));
        }
        ImportRunner runner = runner();

        assertThat(run(runner, RunTrigger.AUTO).files()).isEqualTo(5);
        assertThat(importedKeys()).containsExactlyElementsOf(keys(99, 98, 97, 96, 95));
        assertThat(run(runner, RunTrigger.AUTO).files()).isEqualTo(5);
        RunRecord third = run(runner, RunTrigger.AUTO);
        assertThat(third.files()).isEqualTo(2);
        assertThat(run(runner, RunTrigger.AUTO).files()).isZero();

        assertThat(rowCount("events")).isEqualTo(120);
        assertThat(ledger().counts("events")).containsEntry(FileStatus.IMPORTED, 12L);
        List<RunRecord> runs = new RunHistory(database.jdbi()).recent("events", 10);
        assertThat(runs).extracting(RunRecord::files).containsExactly(0, 2, 5, 5);
        assertThat(runs).extracting(RunRecord::rows).containsExactly(0L, 20L, 50L, 50L);
        assertThat(runs).allSatisfy(run -> {
            assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(run.trigger()).isEqualTo(RunTrigger.AUTO);
            assertThat(run.node()).isEqualTo("test-node");
        });
    }

    @Test
    void onDemandImportsNothingUntilTriggeredThenDrainsEverything() {
        project(dir, "orders", "@on-demand");
        for (int i = 0; i < 12; i++) {
            csv(dir, "orders", "orders-" + i + ".csv", i * 10L, 10, T0.plusSeconds(i));
        }
        ImportRunner runner = runner();
        assertThat(rowCount("orders")).isZero();

        assertThat(run(runner, RunTrigger.MANUAL).files()).isEqualTo(12);
        assertThat(run(runner, RunTrigger.MANUAL).files()).isZero();
        csv(dir, "orders", "orders-12.csv", 120, 10, T0.plusSeconds(100));
        RunRecord third = run(runner, RunTrigger.MANUAL);

        assertThat(third.files()).isEqualTo(1);
        assertThat(third.rows()).isEqualTo(10);
        assertThat(rowCount("orders")).isEqualTo(130);
        assertThat(distinctIds("orders")).isEqualTo(130);
        assertThat(ledger().list("orders", FileStatus.IMPORTED, 100)).hasSize(13);
    }

    @Test
    void aTriggerOnAnAutoDataSourceDrainsEverything() {
        project(dir, "events", "@auto");
        for (int i = 0; i < 12; i++) {
            csv(dir, "events", "e-" + i + ".csv", i * 10L, 10, T0.plusSeconds(i));
        }
        assertThat(run(runner(), RunTrigger.MANUAL).files()).isEqualTo(12);
    }

    @Test
    void aBrokenFileIsMarkedFailedAndTheRestImport() throws Exception {
        project(dir, "events", "@on-demand");
        csv(dir, "events", "a.csv", 0, 10, T0);
        java.nio.file.Files.write(dir.resolve("inbox/events/b.csv"), new byte[] {0, 1, 2, (byte) 0xff, 0, 0, 7});
        java.nio.file.Files.setLastModifiedTime(dir.resolve("inbox/events/b.csv"),
                java.nio.file.attribute.FileTime.from(T0.plusSeconds(1)));
        csv(dir, "events", "c.csv", 10, 10, T0.plusSeconds(2));

        RunRecord run = run(runner(), RunTrigger.MANUAL);

        assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(run.files()).isEqualTo(2);
        assertThat(rowCount("events")).isEqualTo(20);
        List<LedgerFile> failed = ledger().list("events", FileStatus.FAILED, 10);
        assertThat(failed).singleElement().satisfies(file -> {
            assertThat(file.uri()).endsWith("/b.csv");
            assertThat(file.error()).contains("not a text file");
        });
    }

    private ImportRunner runner() {
        database = Database.open(PipitConfig.of(backend.freshSettings()), dir);
        return InProcessRuns.runner(database, dir, new RunLimits(RunLimits.DEFAULT_AUTO_INTERVAL, 5, 4));
    }

    private static RunRecord run(ImportRunner runner, RunTrigger trigger) {
        String dataSource = runner.project().dataSources().keySet().iterator().next();
        return runner.run(dataSource, trigger, RunListener.NONE, () -> false);
    }

    private List<String> importedKeys() {
        return ledger().list("events", FileStatus.IMPORTED, 100).stream()
                .map(LedgerFile::uri)
                .map(key -> key.substring(key.lastIndexOf('/') + 1))
                .sorted()
                .toList();
    }

    private static List<String> keys(int... numbers) {
        return java.util.Arrays.stream(numbers).mapToObj(n -> "file-" + n + ".csv").sorted().toList();
    }

    private FileLedger ledger() {
        return new FileLedger(database.jdbi());
    }

    private long rowCount(String table) {
        return database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM information_schema.tables WHERE lower(table_name) = :t").bind("t", table)
                .mapTo(Long.class).one() == 0 ? 0L
                : handle.createQuery("SELECT count(*) FROM \"" + table + "\"").mapTo(Long.class).one());
    }

    private long distinctIds(String table) {
        return database.jdbi().withHandle(handle ->
                handle.createQuery("SELECT count(DISTINCT id) FROM \"" + table + "\"").mapTo(Long.class).one());
    }
}
