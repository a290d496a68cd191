package dev.pipit.distribution;

import static dev.pipit.distribution.testutil.TestProjects.bucket;
import static dev.pipit.distribution.testutil.TestProjects.csv;
import static dev.pipit.distribution.testutil.TestProjects.project;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.distribution.testutil.InProcessRuns;
import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.history.RunStatus;
import dev.pipit.scheduler.history.RunTrigger;
import dev.pipit.scheduler.ledger.AfterImportState;
import dev.pipit.scheduler.ledger.FileLedger;
import dev.pipit.scheduler.ledger.LedgerFile;
import dev.pipit.scheduler.run.ImportRunner;
import dev.pipit.scheduler.run.RunLimits;
import dev.pipit.scheduler.run.RunListener;
import dev.pipit.testkit.db.Backend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code IMPORT_AFTER_IMPORT move} on the ledger of both databases, through the local store: a move the store
 * cannot do (a file stands where its folder must go) is recorded as failed and completed by a later run, and no
 * file is imported twice for it.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class AfterImportRunTest {
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
    void aMoveTheStoreFailsIsCompletedByALaterRunAndEveryFileImportsOnce() throws Exception {
        project(dir, "events", "@on-demand");
        Files.writeString(dir.resolve("datasources/events.datasource"), "IMPORT_AFTER_IMPORT move:./inbox/done/\n",
                java.nio.file.StandardOpenOption.APPEND);
        Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
        csv(dir, "events", "a.csv", 0, 10, t0);
        csv(dir, "events", "b.csv", 10, 10, t0.plusSeconds(1));
        Path done = dir.resolve("inbox/done");
        Files.writeString(done, "a file where the move's folder must go");
        database = Database.open(PipitConfig.of(backend.freshSettings()), dir);
        RunLimits limits = new RunLimits(RunLimits.DEFAULT_AUTO_INTERVAL, 5, 1000, 1, Duration.ZERO,
                RunLimits.DEFAULT_FILE_TIMEOUT, RunLimits.DEFAULT_MAX_VALUE_BYTES, RunLimits.DEFAULT_MAX_GZIP_RATIO,
                RunLimits.DEFAULT_CRASH_ATTEMPTS, 3, Duration.ZERO, RunLimits.DEFAULT_PARALLEL_FILES);
        FileLedger ledger = new FileLedger(database.jdbi());

        try (ImportRunner runner = InProcessRuns.runner(database, dir, limits)) {
            RunRecord first = run(runner);
            List<AfterImportState> failed = ledger.list("events", null, 0).stream().map(LedgerFile::afterImport).toList();
            Files.delete(done);
            RunRecord second = run(runner);
            RunRecord third = run(runner);

            assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(first.files()).isEqualTo(2);
            assertThat(failed).allSatisfy(state -> {
                assertThat(state.action()).isEqualTo("move");
                assertThat(state.status()).isEqualTo("failed");
                assertThat(state.attempts()).isEqualTo(1);
                assertThat(state.error()).contains("inbox/done");
            });
            assertThat(second.files()).isZero();
            assertThat(third.files()).isZero();
        }
        assertThat(names(bucket(dir, "events"))).isEmpty();
        assertThat(names(done)).containsExactly("a.csv", "b.csv");
        assertThat(ledger.list("events", null, 0)).allSatisfy(file -> {
            assertThat(file.rows()).isEqualTo(10);
            assertThat(file.afterImport().status()).isEqualTo("done");
            assertThat(file.afterImport().attempts()).isEqualTo(2);
            assertThat(file.afterImport().targetKey()).endsWith("/inbox/done/" + file.objectKey()
                    .substring(file.objectKey().lastIndexOf('/') + 1));
        });
        Map<String, Object> rows = database.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) AS all_rows, count(DISTINCT \"id\") AS ids FROM \"events\"").mapToMap().one());
        assertThat(((Number) rows.get("all_rows")).longValue()).isEqualTo(20);
        assertThat(((Number) rows.get("ids")).longValue()).isEqualTo(20);
    }

    private static RunRecord run(ImportRunner runner) {
        return runner.run("events", RunTrigger.MANUAL, RunListener.NONE, () -> false);
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
