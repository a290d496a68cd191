package dev.pipit.distribution;

import static dev.pipit.distribution.testutil.PipitProcess.sqlRow;
import static dev.pipit.distribution.testutil.TestProjects.smallThenLargeFile;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipit.distribution.testutil.PipitProcess;
import dev.pipit.distribution.testutil.RunWaits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the daemon in the middle of a large file: the file rolls back whole, stays pending, and the
 * next daemon imports every row exactly once. Once with each file in its own transaction, once with the files
 * sharing one ({@code import.files-per-commit}, the default), where the whole group rolls back.
 */
class CrashIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final long ROWS = 300_000;

    @TempDir
    Path dir;

    @Test
    void killingTheDaemonMidFileLosesAndDuplicatesNothing() throws Exception {
        smallThenLargeFile(dir, 1_000, ROWS);
        int port = PipitProcess.freePort();
        // Each file in a transaction of its own, so that the kill comes between a committed file and one in progress.
        Map<String, String> environment = Map.of("PIPIT_JMX_PORT", Integer.toString(port), "PIPIT_NODE_ID", "crashy",
                "PIPIT_IMPORT_FILES_PER_COMMIT", "1");

        try (PipitProcess daemon = PipitProcess.start(dir, environment, "start", dir.toString())) {
            daemon.awaitLine("Pipit is running", TIMEOUT);
            RunWaits.triggerIntoSecondFile(port, "big", 1_000, TIMEOUT);
            daemon.kill();
        }
        assertThat(dir.resolve("data/pipit.open-by-pipit")).as("left by the killed daemon").exists();
        JsonNode afterKill = sqlRow(dir, environment, TIMEOUT, "SELECT (SELECT count(*) FROM big) AS all_rows, "
                + "(SELECT count(*) FROM pipit.files WHERE status = 'pending') AS pending_files");
        assertThat(afterKill.get("all_rows").asLong()).isEqualTo(1_000);
        assertThat(afterKill.get("pending_files").asLong()).isEqualTo(1);

        try (PipitProcess daemon = PipitProcess.start(dir, environment, "start", dir.toString())) {
            daemon.awaitLine("Pipit is running", TIMEOUT);
            PipitProcess.Result trigger = PipitProcess.run(dir, environment, TIMEOUT, "trigger", "big", "--project", dir.toString());
            assertThat(trigger.exitCode()).as(trigger.output()).isZero();
            assertThat(sqlRow(dir, environment, TIMEOUT, "SELECT count(*) AS files FROM pipit.files")
                    .get("files").asLong()).isEqualTo(2);
            assertThat(dir.resolve("data/pipit.open-by-pipit")).as("the daemon's, kept by a command through it")
                    .exists();
            assertThat(daemon.terminate(TIMEOUT)).as(daemon.output()).isEqualTo(143);
        }
        JsonNode afterRestart = sqlRow(dir, environment, TIMEOUT, "SELECT (SELECT count(*) FROM big) AS all_rows, "
                + "(SELECT count(DISTINCT id) FROM big) AS ids, "
                + "(SELECT count(*) FROM pipit.files WHERE status = 'imported') AS imported_files, "
                + "(SELECT count(*) FROM pipit.runs WHERE status = 'failed' AND error LIKE '%daemon stopped%') "
                + "AS stopped_runs");
        assertThat(afterRestart.get("all_rows").asLong()).isEqualTo(ROWS + 1_000);
        assertThat(afterRestart.get("ids").asLong()).isEqualTo(ROWS + 1_000);
        assertThat(afterRestart.get("imported_files").asLong()).isEqualTo(2);
        assertThat(afterRestart.get("stopped_runs").asLong()).isEqualTo(1);
        assertThat(dir.resolve("data/pipit.open-by-pipit")).doesNotExist();
    }

    @Test
    void killingTheDaemonMidGroupRollsTheGroupBackAndEachFileIsImportedAloneOnce() throws Exception {
        smallThenLargeFile(dir, 1_000, ROWS);
        int port = PipitProcess.freePort();
        Map<String, String> environment = Map.of("PIPIT_JMX_PORT", Integer.toString(port), "PIPIT_NODE_ID", "crashy");

        try (PipitProcess daemon = PipitProcess.start(dir, environment, "start", dir.toString())) {
            daemon.awaitLine("Pipit is running", TIMEOUT);
            RunWaits.triggerIntoSecondFileOfAGroup(port, "big", 1_000, TIMEOUT);
            daemon.kill();
        }
        JsonNode afterKill = sqlRow(dir, environment, TIMEOUT, "SELECT (SELECT count(*) FROM big) AS all_rows, "
                + "(SELECT count(*) FROM pipit.files WHERE status = 'pending' AND unfinished_attempts = 1) "
                + "AS suspects");
        assertThat(afterKill.get("all_rows").asLong()).as("the group rolled back whole").isZero();
        assertThat(afterKill.get("suspects").asLong()).as("both files were in the killed process").isEqualTo(2);

        PipitProcess.drainWithDaemon(dir, environment, TIMEOUT, "big");
        JsonNode afterRestart = sqlRow(dir, environment, TIMEOUT, "SELECT (SELECT count(*) FROM big) AS all_rows, "
                + "(SELECT count(DISTINCT id) FROM big) AS ids, "
                + "(SELECT count(*) FROM pipit.files WHERE status = 'imported' AND attempts = 2 "
                + "AND unfinished_attempts = 1) AS imported_alone");
        assertThat(afterRestart.get("all_rows").asLong()).isEqualTo(ROWS + 1_000);
        assertThat(afterRestart.get("ids").asLong()).isEqualTo(ROWS + 1_000);
        // Each was begun on its own (a second attempt, over the death the kill left), so it alone would be blamed.
        assertThat(afterRestart.get("imported_alone").asLong()).isEqualTo(2);
    }
}
