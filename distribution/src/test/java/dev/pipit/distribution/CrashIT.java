package dev.pipit.distribution;

import static dev.pipit.distribution.testutil.TestProjects.csv;
import static dev.pipit.distribution.testutil.TestProjects.project;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipit.distribution.testutil.PipitProcess;
import dev.pipit.distribution.testutil.RunWaits;
import dev.pipit.scheduler.admin.JmxClient;
import dev.pipit.scheduler.admin.JmxSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void killingTheDaemonMidFileLosesAndDuplicatesNothing() throws Exception {
        smallThenLargeFile();
        int port = PipitProcess.freePort();
        // Each file in a transaction of its own, so that the kill comes between a committed file and one in progress.
        Map<String, String> environment = Map.of("PIPIT_JMX_PORT", Integer.toString(port), "PIPIT_NODE_ID", "crashy",
                "PIPIT_IMPORT_FILES_PER_COMMIT", "1");
        JmxSettings jmx = new JmxSettings("127.0.0.1", port, null, null);

        try (PipitProcess daemon = PipitProcess.start(dir, environment, "start", dir.toString())) {
            daemon.awaitLine("Pipit is running", TIMEOUT);
            try (JmxClient client = JmxClient.connect(jmx)) {
                String request = client.control().trigger("big");
                RunWaits.awaitIntoSecondFile(client, request, 1_000, TIMEOUT);
            }
            daemon.kill();
        }
        assertThat(dir.resolve("data/pipit.open-by-pipit")).as("left by the killed daemon").exists();
        JsonNode afterKill = counts(environment, "SELECT (SELECT count(*) FROM big) AS all_rows, "
                + "(SELECT count(*) FROM pipit.files WHERE status = 'pending') AS pending_files");
        assertThat(afterKill.get("all_rows").asLong()).isEqualTo(1_000);
        assertThat(afterKill.get("pending_files").asLong()).isEqualTo(1);

        try (PipitProcess daemon = PipitProcess.start(dir, environment, "start", dir.toString())) {
            daemon.awaitLine("Pipit is running", TIMEOUT);
            PipitProcess.Result trigger = PipitProcess.run(dir, environment, TIMEOUT, "trigger", "big", "--project", dir.toString());
            assertThat(trigger.exitCode()).as(trigger.output()).isZero();
            assertThat(counts(environment, "SELECT count(*) AS files FROM pipit.files").get("files").asLong())
                    .isEqualTo(2);
            assertThat(dir.resolve("data/pipit.open-by-pipit")).as("the daemon's, kept by a command through it")
                    .exists();
            assertThat(daemon.terminate(TIMEOUT)).as(daemon.output()).isEqualTo(143);
        }
        JsonNode afterRestart = counts(environment, "SELECT (SELECT count(*) FROM big) AS all_rows, "
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
        smallThenLargeFile();
        int port = PipitProcess.freePort();
        Map<String, String> environment = Map.of("PIPIT_JMX_PORT", Integer.toString(port), "PIPIT_NODE_ID", "crashy");

        try (PipitProcess daemon = PipitProcess.start(dir, environment, "start", dir.toString())) {
            daemon.awaitLine("Pipit is running", TIMEOUT);
            try (JmxClient client = JmxClient.connect(new JmxSettings("127.0.0.1", port, null, null))) {
                RunWaits.awaitIntoSecondFileOfAGroup(client, client.control().trigger("big"), 1_000, TIMEOUT);
            }
            daemon.kill();
        }
        JsonNode afterKill = counts(environment, "SELECT (SELECT count(*) FROM big) AS all_rows, "
                + "(SELECT count(*) FROM pipit.files WHERE status = 'pending' AND unfinished_attempts = 1) "
                + "AS suspects");
        assertThat(afterKill.get("all_rows").asLong()).as("the group rolled back whole").isZero();
        assertThat(afterKill.get("suspects").asLong()).as("both files were in the killed process").isEqualTo(2);

        try (PipitProcess daemon = PipitProcess.start(dir, environment, "start", dir.toString())) {
            daemon.awaitLine("Pipit is running", TIMEOUT);
            PipitProcess.Result trigger = PipitProcess.run(dir, environment, TIMEOUT, "trigger", "big", "--project",
                    dir.toString());
            assertThat(trigger.exitCode()).as(trigger.output()).isZero();
            assertThat(daemon.terminate(TIMEOUT)).as(daemon.output()).isEqualTo(143);
        }
        JsonNode afterRestart = counts(environment, "SELECT (SELECT count(*) FROM big) AS all_rows, "
                + "(SELECT count(DISTINCT id) FROM big) AS ids, "
                + "(SELECT count(*) FROM pipit.files WHERE status = 'imported' AND attempts = 2 "
                + "AND unfinished_attempts = 1) AS imported_alone");
        assertThat(afterRestart.get("all_rows").asLong()).isEqualTo(ROWS + 1_000);
        assertThat(afterRestart.get("ids").asLong()).isEqualTo(ROWS + 1_000);
        // Each was begun on its own (a second attempt, over the death the kill left), so it alone would be blamed.
        assertThat(afterRestart.get("imported_alone").asLong()).isEqualTo(2);
    }

    /** Data source {@code big}: 1,000 rows, then {@code ROWS} more in the file after. */
    private void smallThenLargeFile() throws Exception {
        project(dir, "big", "@on-demand");
        Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
        csv(dir, "big", "a-small.csv", 0, 1_000, t0);
        csv(dir, "big", "b-large.csv", 1_000, ROWS, t0.plusSeconds(1));
    }

    /**
     * Read as an admin reads after a crash, through Pipit: the first program to open an H2 file after a
     * {@code kill -9} must be Pipit, which removes what H2 keeps of the interrupted transaction (README, "Crash
     * safety on H2"); another reader would count those rows.
     */
    private JsonNode counts(Map<String, String> environment, String sql) throws Exception {
        PipitProcess.Result result = PipitProcess.run(dir, environment, TIMEOUT, "sql", sql, "--json", "--project",
                dir.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        return JSON.readTree(result.stdout()).get(0);
    }
}
