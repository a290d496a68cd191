package dev.pipit.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.distribution.testutil.InProcessRuns;
import dev.pipit.plugin.csv.CsvPlugin;
import dev.pipit.plugin.local.LocalPlugin;
import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.history.RunStatus;
import dev.pipit.scheduler.history.RunTrigger;
import dev.pipit.scheduler.ledger.FileAttempts;
import dev.pipit.scheduler.ledger.FileLedger;
import dev.pipit.scheduler.ledger.FileStatus;
import dev.pipit.scheduler.ledger.LedgerFile;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.run.RunLimits;
import dev.pipit.scheduler.run.RunListener;
import dev.pipit.testkit.db.Backend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Small files of a data source with {@code SCHEMA} share a transaction ({@code import.files-per-commit}), in
 * process on H2 and PostgreSQL: each file stays whole in exactly one transaction, a bad file fails alone, and a file
 * that may have killed its importer is never grouped with others.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class FilesPerCommitTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    @Parameter
    Backend backend;

    @TempDir
    Path dir;

    private Database database;

    @BeforeEach
    void openDatabase() throws IOException {
        database = Database.open(PipitConfig.of(backend.freshSettings()), dir);
        Files.createDirectories(dir.resolve("connections"));
        Files.createDirectories(dir.resolve("datasources"));
        Files.createDirectories(dir.resolve("inbox/events"));
        Files.writeString(dir.resolve("connections/inbox.connection"), "TYPE local\n");
        Files.writeString(dir.resolve("datasources/events.datasource"), """
                SCHEMA >
                    `id` Int64

                IMPORT_CONNECTION_NAME inbox
                IMPORT_BUCKET_URI file://./inbox/events/*
                IMPORT_SCHEDULE @on-demand
                IMPORT_STRATEGY APPEND
                """);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void smallFilesCommitTogetherEachWithItsLedgerRow() throws IOException {
        for (int i = 0; i < 5; i++) {
            land(i + ".csv", i, "id\n" + (2 * i) + "\n" + (2 * i + 1) + "\n");
        }

        RunRecord run = run(20);

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.files()).isEqualTo(5);
        assertThat(ids()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(ledger()).allSatisfy(file -> {
            assertThat(file.status()).isEqualTo(FileStatus.IMPORTED);
            assertThat(file.rows()).isEqualTo(2);
        });
        // Both databases stamp a transaction's rows with its start: one stamp, one transaction.
        assertThat(ledger().stream().map(LedgerFile::updatedAt).distinct()).hasSize(1);
        assertThat(ledger()).allSatisfy(file -> assertThat(counters(file)).containsExactly(1, 0));
    }

    @Test
    void aBadFileInAGroupFailsAloneWithItsCauseAndTheOthersAreImportedOnce() throws IOException {
        land("a.csv", 0, "id\n1\n");
        land("b.csv", 1, "id\n2\n\u00ff\n".getBytes(StandardCharsets.ISO_8859_1));
        land("c.csv", 2, "id\n3\n");

        RunRecord grouped = run(20);

        assertThat(grouped.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(ids()).containsExactly(1L, 3L);
        assertThat(file("b.csv").status()).isEqualTo(FileStatus.FAILED);
        assertThat(file("a.csv").status()).isEqualTo(FileStatus.IMPORTED);
        assertThat(file("c.csv").status()).isEqualTo(FileStatus.IMPORTED);
        assertThat(file("b.csv").error()).contains("not a text file (it is not UTF-8)");
        assertThat(counters(file("a.csv"))).as("begun with the group, then alone").containsExactly(2, 0);
        assertThat(counters(file("b.csv"))).as("the group's try was its one attempt").containsExactly(1, 0);
    }

    @Test
    void aFileAnEarlierAttemptLeftUnfinishedIsImportedAloneTheOthersTogether() throws IOException {
        land("a.csv", 0, "id\n1\n");
        land("b.csv", 1, "id\n2\n");
        land("c.csv", 2, "id\n3\n");
        run(20, Duration.ZERO, () -> true);
        // What a process killed while it had b.csv leaves behind.
        new FileAttempts(database.jdbi()).begin(file("b.csv").id(), 0, RunLimits.DEFAULT_CRASH_ATTEMPTS);

        assertThat(run(20).status()).isEqualTo(RunStatus.SUCCEEDED);

        assertThat(ids()).containsExactly(1L, 2L, 3L);
        assertThat(counters(file("a.csv"))).containsExactly(1, 0);
        assertThat(counters(file("c.csv"))).containsExactly(1, 0);
        assertThat(counters(file("b.csv"))).as("its own attempt ended; the death before it still counts")
                .containsExactly(2, 1);
        assertThat(file("a.csv").updatedAt()).isEqualTo(file("c.csv").updatedAt());
    }

    private RunRecord run(int filesPerCommit) {
        return run(filesPerCommit, Duration.ZERO, () -> false);
    }

    private RunRecord run(int filesPerCommit, Duration backoff, java.util.function.BooleanSupplier stop) {
        RunLimits limits = new RunLimits(RunLimits.DEFAULT_AUTO_INTERVAL, 5, 100, RunLimits.DEFAULT_FILE_ATTEMPTS,
                backoff, RunLimits.DEFAULT_FILE_TIMEOUT, RunLimits.DEFAULT_MAX_VALUE_BYTES,
                RunLimits.DEFAULT_MAX_GZIP_RATIO, RunLimits.DEFAULT_CRASH_ATTEMPTS, RunLimits.DEFAULT_FILE_RETRIES,
                RunLimits.DEFAULT_FILE_RETRY_BACKOFF, 1, filesPerCommit, RunLimits.DEFAULT_BYTES_PER_COMMIT);
        return InProcessRuns.runner(database, PluginRegistry.of(new LocalPlugin(), new CsvPlugin()), dir, limits)
                .run("events", RunTrigger.MANUAL, RunListener.NONE, stop);
    }

    private void land(String name, int second, String content) throws IOException {
        land(name, second, content.getBytes(StandardCharsets.UTF_8));
    }

    private void land(String name, int second, byte[] content) throws IOException {
        Path file = dir.resolve("inbox/events").resolve(name);
        Files.write(file, content);
        Files.setLastModifiedTime(file, FileTime.from(T0.plusSeconds(second)));
    }

    private List<LedgerFile> ledger() {
        return new FileLedger(database.jdbi()).list("events", null, 0);
    }

    private LedgerFile file(String name) {
        return ledger().stream().filter(file -> file.uri().endsWith("/" + name)).findFirst().orElseThrow();
    }

    private List<Integer> counters(LedgerFile file) {
        return database.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT attempts, unfinished_attempts FROM pipit.files WHERE id = :id")
                .bind("id", file.id())
                .map((rs, ctx) -> List.of(rs.getInt(1), rs.getInt(2)))
                .one());
    }

    private List<Long> ids() {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT id FROM events ORDER BY id")
                .mapTo(Long.class).list());
    }
}
