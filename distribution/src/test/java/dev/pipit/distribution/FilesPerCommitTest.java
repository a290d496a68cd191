package dev.pipit.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.distribution.testutil.InProcessRuns;
import dev.pipit.distribution.testutil.InboxEvents;
import dev.pipit.plugin.csv.CsvPlugin;
import dev.pipit.plugin.local.LocalPlugin;
import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.history.RunStatus;
import dev.pipit.scheduler.history.RunTrigger;
import dev.pipit.scheduler.ledger.FileAttempts;
import dev.pipit.scheduler.ledger.FileStatus;
import dev.pipit.scheduler.ledger.LedgerFile;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.run.RunLimits;
import dev.pipit.scheduler.run.RunListener;
import dev.pipit.testkit.db.Backend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
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
    @Parameter
    Backend backend;

    @TempDir
    Path dir;

    private InboxEvents events;

    @BeforeEach
    void openProject() throws IOException {
        events = InboxEvents.open(backend, dir);
    }

    @AfterEach
    void closeDatabase() {
        events.close();
    }

    @Test
    void smallFilesCommitTogetherEachWithItsLedgerRow() throws IOException {
        for (int i = 0; i < 5; i++) {
            events.land(i + ".csv", i, "id\n" + (2 * i) + "\n" + (2 * i + 1) + "\n");
        }

        RunRecord run = run(20);

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.files()).isEqualTo(5);
        assertThat(events.ids()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(events.ledger()).allSatisfy(file -> {
            assertThat(file.status()).isEqualTo(FileStatus.IMPORTED);
            assertThat(file.rows()).isEqualTo(2);
        });
        // Both databases stamp a transaction's rows with its start: one stamp, one transaction.
        assertThat(events.ledger().stream().map(LedgerFile::updatedAt).distinct()).hasSize(1);
        assertThat(events.ledger()).allSatisfy(file -> assertThat(events.counters(file)).containsExactly(1, 0));
    }

    @Test
    void aBadFileInAGroupFailsAloneWithItsCauseAndTheOthersAreImportedOnce() throws IOException {
        events.land("a.csv", 0, "id\n1\n");
        events.land("b.csv", 1, "id\n2\n\u00ff\n".getBytes(StandardCharsets.ISO_8859_1));
        events.land("c.csv", 2, "id\n3\n");

        RunRecord grouped = run(20);

        assertThat(grouped.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(events.ids()).containsExactly(1L, 3L);
        assertThat(events.file("b.csv").status()).isEqualTo(FileStatus.FAILED);
        assertThat(events.file("a.csv").status()).isEqualTo(FileStatus.IMPORTED);
        assertThat(events.file("c.csv").status()).isEqualTo(FileStatus.IMPORTED);
        assertThat(events.file("b.csv").error()).contains("not a text file (it is not UTF-8)");
        assertThat(events.counters("a.csv")).as("begun with the group, then alone").containsExactly(2, 0);
        assertThat(events.counters("b.csv")).as("the group's try was its one attempt").containsExactly(1, 0);
    }

    @Test
    void aFileAnEarlierAttemptLeftUnfinishedIsImportedAloneTheOthersTogether() throws IOException {
        events.land("a.csv", 0, "id\n1\n");
        events.land("b.csv", 1, "id\n2\n");
        events.land("c.csv", 2, "id\n3\n");
        run(20, () -> true);
        // What a process killed while it had b.csv leaves behind.
        new FileAttempts(events.database().jdbi())
                .begin(events.file("b.csv").id(), 0, RunLimits.DEFAULT_CRASH_ATTEMPTS);

        assertThat(run(20).status()).isEqualTo(RunStatus.SUCCEEDED);

        assertThat(events.ids()).containsExactly(1L, 2L, 3L);
        assertThat(events.counters("a.csv")).containsExactly(1, 0);
        assertThat(events.counters("c.csv")).containsExactly(1, 0);
        assertThat(events.counters("b.csv")).as("its own attempt ended; the death before it still counts")
                .containsExactly(2, 1);
        assertThat(events.file("a.csv").updatedAt()).isEqualTo(events.file("c.csv").updatedAt());
    }

    private RunRecord run(int filesPerCommit) {
        return run(filesPerCommit, () -> false);
    }

    private RunRecord run(int filesPerCommit, BooleanSupplier stop) {
        RunLimits limits = new RunLimits(RunLimits.DEFAULT_AUTO_INTERVAL, 5, 100, RunLimits.DEFAULT_FILE_ATTEMPTS,
                RunLimits.DEFAULT_RETRY_BACKOFF, RunLimits.DEFAULT_FILE_TIMEOUT, RunLimits.DEFAULT_MAX_VALUE_BYTES,
                RunLimits.DEFAULT_MAX_GZIP_RATIO, RunLimits.DEFAULT_CRASH_ATTEMPTS, RunLimits.DEFAULT_FILE_RETRIES,
                RunLimits.DEFAULT_FILE_RETRY_BACKOFF, 1, filesPerCommit, RunLimits.DEFAULT_BYTES_PER_COMMIT);
        PluginRegistry plugins = PluginRegistry.of(new LocalPlugin(), new CsvPlugin());
        return InProcessRuns.runner(events.database(), plugins, dir, limits)
                .run("events", RunTrigger.MANUAL, RunListener.NONE, stop);
    }






}
