package dev.pipit.scheduler.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Rows read by files imported at once, as a progress bar counts them: every file's, and none twice. */
class ConcurrentProgressTest {
    @Test
    void aFileDoneKeepsTheRowsOfTheFilesStillInProgress() throws Exception {
        Shown shown = new Shown();
        ConcurrentProgress progress = new ConcurrentProgress(shown);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            other.submit(() -> progress.rowsRead(70)).get();
            progress.rowsRead(100);
            assertThat(shown.rows()).isEqualTo(170);

            progress.fileDone("a.csv", 100, false);

            assertThat(shown.rows()).as("100 done, 70 of the other file in progress").isEqualTo(170);
            other.submit(() -> progress.fileDone("b.csv", 90, false)).get();
            assertThat(shown.rows()).isEqualTo(190);
        } finally {
            other.shutdown();
        }
    }

    /** What a progress bar shows, kept as {@code RunTracker} keeps it: a file's end ends the rows in progress. */
    private static final class Shown implements RunListener {
        private final List<Long> done = new ArrayList<>();
        private long inProgress;

        @Override
        public void fileDone(String key, long rows, boolean failed) {
            done.add(rows);
            inProgress = 0;
        }

        @Override
        public void rowsRead(long rowsInFile) {
            inProgress = rowsInFile;
        }

        long rows() {
            return done.stream().mapToLong(Long::longValue).sum() + inProgress;
        }
    }
}
