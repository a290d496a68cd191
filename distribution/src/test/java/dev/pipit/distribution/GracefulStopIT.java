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
 * SIGTERM (Ctrl-C, {@code systemctl stop}) in the middle of a large file on the embedded H2: the daemon finishes the
 * file, commits it and stops, and says nothing alarming on the way. H2 closes an embedded database from a JVM
 * shutdown hook of its own unless told not to; it did so under the file in progress and under Quartz, so the file
 * rolled back and the stop logged errors.
 */
class GracefulStopIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final long FIRST_FILE_ROWS = 1_000;
    private static final long LARGE_FILE_ROWS = 300_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theFileInProgressCommitsAndTheStopIsQuiet() throws Exception {
        project(dir, "big", "@on-demand");
        Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
        csv(dir, "big", "a-small.csv", 0, FIRST_FILE_ROWS, t0);
        csv(dir, "big", "b-large.csv", FIRST_FILE_ROWS, LARGE_FILE_ROWS, t0.plusSeconds(1));
        int port = PipitProcess.freePort();
        // Each file in a transaction of its own, so that the stop comes between a committed file and one in progress.
        Map<String, String> environment = Map.of("PIPIT_JMX_PORT", Integer.toString(port), "PIPIT_NODE_ID", "stopped",
                "PIPIT_IMPORT_FILES_PER_COMMIT", "1");

        String output;
        try (PipitProcess daemon = PipitProcess.start(dir, environment, "start", dir.toString())) {
            daemon.awaitLine("Pipit is running", TIMEOUT);
            try (JmxClient client = JmxClient.connect(new JmxSettings("127.0.0.1", port, null, null))) {
                RunWaits.awaitIntoSecondFile(client, client.control().trigger("big"), FIRST_FILE_ROWS, TIMEOUT);
            }
            assertThat(daemon.terminate(TIMEOUT)).as(daemon.output()).isEqualTo(143);
            output = daemon.output();
        }

        assertThat(output).containsPattern("imported \\S+/b-large\\.csv \\(").contains("Pipit stopped")
                .doesNotContain(" ERROR ").doesNotContain("Exception");
        JsonNode after = counts(environment, "SELECT (SELECT count(*) FROM big) AS all_rows, "
                + "(SELECT count(*) FROM pipit.files WHERE status = 'imported') AS imported_files, "
                + "(SELECT count(*) FROM pipit.runs WHERE status = 'succeeded') AS succeeded_runs");
        assertThat(after.get("all_rows").asLong()).isEqualTo(FIRST_FILE_ROWS + LARGE_FILE_ROWS);
        assertThat(after.get("imported_files").asLong()).isEqualTo(2);
        assertThat(after.get("succeeded_runs").asLong()).isEqualTo(1);
        assertThat(dir.resolve("data/pipit.open-by-pipit")).as("the database was closed").doesNotExist();
    }

    private JsonNode counts(Map<String, String> environment, String sql) throws Exception {
        PipitProcess.Result result = PipitProcess.run(dir, environment, TIMEOUT, "sql", sql, "--json", "--project",
                dir.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        return JSON.readTree(result.stdout()).get(0);
    }
}
