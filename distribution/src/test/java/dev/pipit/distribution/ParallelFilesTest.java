package dev.pipit.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.distribution.testutil.InProcessRuns;
import dev.pipit.distribution.testutil.InboxEvents;
import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.history.RunStatus;
import dev.pipit.scheduler.ledger.FileStatus;
import dev.pipit.scheduler.run.RunLimits;
import dev.pipit.testkit.db.Backend;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files of one run imported on two threads at once, in groups that share a transaction, on H2: every transaction
 * adds to its run's counters, one row. Counted after each file, a group held that row while it read its next files,
 * and a file of the other thread that ended meanwhile waited on it past H2's lock timeout and was marked failed
 * ("Timeout trying to lock table runs"): one file of six, in each of two runs by hand. Each group is a few seconds
 * of reading here, longer than H2's two-second default.
 */
class ParallelFilesTest {
    private static final int FILES = 6;
    private static final int ROWS_PER_FILE = 500_000;
    private static final RunLimits LIMITS = RunLimits.from(PipitConfig.of(Map.of("import.parallel-files", "2")));

    @TempDir
    Path dir;

    private InboxEvents events;

    @BeforeEach
    void landFiles() throws IOException {
        events = InboxEvents.open(Backend.H2, dir);
        for (int file = 0; file < FILES; file++) {
            StringBuilder ids = new StringBuilder("id\n");
            for (int row = 0; row < ROWS_PER_FILE; row++) {
                ids.append((long) file * ROWS_PER_FILE + row).append('\n');
            }
            events.land("p" + file + ".csv", file, ids.toString());
        }
    }

    @AfterEach
    void closeDatabase() {
        events.close();
    }

    @Test
    void filesImportedAtOnceInGroupsAllCommitAndTheRunCountsEachOnce() {
        RunRecord run = InProcessRuns.run(events.database(), dir, "events", LIMITS);

        assertThat(events.ledger()).allSatisfy(file -> assertThat(file.status()).as("%s: %s", file.uri(),
                file.error()).isEqualTo(FileStatus.IMPORTED));
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.files()).isEqualTo(FILES);
        assertThat(run.rows()).isEqualTo((long) FILES * ROWS_PER_FILE);
        long distinct = events.database().jdbi().withHandle(handle -> handle.createQuery(
                "SELECT count(DISTINCT id) FROM events").mapTo(Long.class).one());
        assertThat(distinct).isEqualTo((long) FILES * ROWS_PER_FILE);
    }
}
