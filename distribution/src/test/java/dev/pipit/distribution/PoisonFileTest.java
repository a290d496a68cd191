package dev.pipit.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.pipit.distribution.testutil.InProcessRuns;
import dev.pipit.distribution.testutil.InboxEvents;
import dev.pipit.plugin.csv.CsvPlugin;
import dev.pipit.plugin.local.LocalPlugin;
import dev.pipit.scheduler.history.RunHistory;
import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.history.RunStatus;
import dev.pipit.scheduler.history.RunTrigger;
import dev.pipit.scheduler.ledger.FileAttempts;
import dev.pipit.scheduler.ledger.FileStatus;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.run.RunLimits;
import dev.pipit.scheduler.run.RunListener;
import dev.pipit.spi.Plugin;
import dev.pipit.spi.format.FormatFactory;
import dev.pipit.spi.format.FormatOptions;
import dev.pipit.spi.format.FormatReader;
import dev.pipit.testkit.db.Backend;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Files that kill their importer, in process on H2 and PostgreSQL: one that died with the process
 * {@code import.crash-attempts} times (what a crash leaves in the ledger is written directly), and one whose format
 * throws an {@link OutOfMemoryError}. {@code PoisonDaemonIT} does the same with real processes and real memory.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class PoisonFileTest {
    private static final BooleanSupplier GO_ON = () -> false;

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
    void aFileThatKilledItsImporterCrashAttemptsTimesIsFailedAndNeverTakenAgain() throws IOException {
        events.land("a.csv", 0, "id\n1\n2\n");
        events.land("b.csv", 1, "id\n3\n");
        events.land("c.csv", 2, "id\n4\n");
        // A run stopped before its first file only discovers them.
        run(() -> true);
        FileAttempts attempts = new FileAttempts(events.database().jdbi());
        long poison = events.file("a.csv").id();
        long survivor = events.file("b.csv").id();
        for (int crash = 0; crash < RunLimits.DEFAULT_CRASH_ATTEMPTS; crash++) {
            assertThat(attempts.begin(poison, 0, RunLimits.DEFAULT_CRASH_ATTEMPTS))
                    .isEqualTo(FileAttempts.Start.STARTED);
        }
        for (int crash = 0; crash < RunLimits.DEFAULT_CRASH_ATTEMPTS - 1; crash++) {
            attempts.begin(survivor, 0, RunLimits.DEFAULT_CRASH_ATTEMPTS);
        }

        RunRecord run = run(GO_ON);

        assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(events.file("a.csv").status()).isEqualTo(FileStatus.FAILED);
        assertThat(events.file("a.csv").error()).isEqualTo("the importer died 3 times while reading this file (out of"
                + " memory, killed, crashed, or the database closed on a full disk); it is not taken again"
                + " automatically (import.crash-attempts)");
        assertThat(events.file("b.csv").status()).isEqualTo(FileStatus.IMPORTED);
        assertThat(events.file("c.csv").status()).isEqualTo(FileStatus.IMPORTED);
        assertThat(events.ids()).containsExactly(3L, 4L);
        assertThat(events.counters("b.csv")).as("two attempts died, the third imported it").containsExactly(3, 2);
        assertThat(events.counters("a.csv")).containsExactly(3, 3);
        long neverAttempted = events.database().jdbi().withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM pipit.files WHERE last_attempt_at IS NULL").mapTo(Long.class).one());
        assertThat(neverAttempted).isZero();

        assertThat(run(GO_ON).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(events.file("a.csv").status()).isEqualTo(FileStatus.FAILED);
        assertThat(events.ids()).containsExactly(3L, 4L);
    }

    @Test
    void anOutOfMemoryErrorFailsTheFileAndTheRunThenLeavesTheProcessToEndAndTheNextRunImportsTheRest()
            throws IOException {
        events.land("a.csv", 0, "id\n1\n");
        events.land("b.oom", 1, "anything");
        events.land("c.csv", 2, "id\n3\n");

        assertThatExceptionOfType(OutOfMemoryError.class).isThrownBy(() -> run(GO_ON));

        RunRecord first = new RunHistory(events.database().jdbi()).recent("events", 10).get(0);
        assertThat(first.status()).isEqualTo(RunStatus.FAILED);
        assertThat(first.error()).isEqualTo("the importer ran out of memory reading this file (Java heap space);"
                + " give Pipit more memory (-Xmx) or lower import.max-value-size");
        assertThat(events.file("b.oom").status()).isEqualTo(FileStatus.FAILED);
        assertThat(events.file("b.oom").error()).isEqualTo(first.error());
        assertThat(events.counters("b.oom")).as("the process is about to end: the attempt counts as a death too")
                .containsExactly(1, 1);
        // No file is taken after the error; one another thread had in progress (import.parallel-files) finished.
        assertThat(events.file("c.csv").status()).isIn(FileStatus.PENDING, FileStatus.IMPORTED);

        assertThat(run(GO_ON).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(events.ids()).containsExactly(1L, 3L);
    }

    @Test
    void aStackOverflowFailsTheFileAndTheRunAndTheProcessGoesOn() throws IOException {
        events.land("a.deep", 0, "anything");
        events.land("b.csv", 1, "id\n2\n");

        RunRecord first = run(GO_ON);

        assertThat(first.status()).isEqualTo(RunStatus.FAILED);
        assertThat(events.file("a.deep").error()).isEqualTo("the file nests its values too deeply for the importer's stack");
        assertThat(run(GO_ON).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(events.ids()).containsExactly(2L);
    }

    @Test
    void anInternalErrorOfAReaderFailsTheFileInPlainWordsWithoutTheJvmsText() throws IOException {
        events.land("a.npe", 0, "anything");

        run(GO_ON);

        assertThat(events.file("a.npe").status()).isEqualTo(FileStatus.FAILED);
        assertThat(events.file("a.npe").error()).isEqualTo("the reader failed on this file with an internal error"
                + " (NullPointerException); the file may be corrupt or use a feature Pipit does not read, and the"
                + " daemon's log has the details");
    }

    private RunRecord run(BooleanSupplier stop) {
        PluginRegistry plugins = PluginRegistry.of(new LocalPlugin(), new CsvPlugin(), new OutOfMemoryPlugin());
        return InProcessRuns.runner(events.database(), plugins, dir, new RunLimits(RunLimits.DEFAULT_AUTO_INTERVAL, 5, 100))
                .run("events", RunTrigger.MANUAL, RunListener.NONE, stop);
    }





    /**
     * Formats whose reading ends as a page too large for the heap ends, in an OutOfMemoryError, as too deep a
     * recursion does, and as a reader's bug does, in a NullPointerException.
     */
    private static final class OutOfMemoryPlugin implements Plugin {
        @Override
        public List<FormatFactory> formats() {
            return List.of(new FormatFactory() {
                @Override
                public String name() {
                    return "oom";
                }

                @Override
                public String version() {
                    return "test";
                }

                @Override
                public List<String> extensions() {
                    return List.of("oom");
                }

                @Override
                public FormatReader open(InputStream input, FormatOptions options) {
                    throw new OutOfMemoryError("Java heap space");
                }
            }, new FormatFactory() {
                @Override
                public String name() {
                    return "deep";
                }

                @Override
                public String version() {
                    return "test";
                }

                @Override
                public List<String> extensions() {
                    return List.of("deep");
                }

                @Override
                public FormatReader open(InputStream input, FormatOptions options) {
                    throw new StackOverflowError();
                }
            }, new FormatFactory() {
                @Override
                public String name() {
                    return "npe";
                }

                @Override
                public String version() {
                    return "test";
                }

                @Override
                public List<String> extensions() {
                    return List.of("npe");
                }

                @Override
                public FormatReader open(InputStream input, FormatOptions options) throws IOException {
                    throw new IOException("wrapped", new NullPointerException(
                            "Cannot invoke \"Object.toString()\" because \"type\" is null"));
                }
            });
        }
    }
}
