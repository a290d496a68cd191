package dev.pipit.distribution;

import static dev.pipit.distribution.testutil.TestProjects.csv;
import static dev.pipit.distribution.testutil.TestProjects.project;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipit.distribution.testutil.PipitProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/scheduler start} on the embedded database, under a file size limit the import outgrows: the system
 * refuses H2's write as a full disk would, and H2 closes the database for good. Before, the daemon lived on with it
 * closed, every thread failing every few seconds, even once space was freed. Now it says why and exits with status
 * 70 for a supervisor to start a fresh one, which imports every row exactly once.
 */
class DatabaseClosedIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final int FILES = 4;
    private static final long ROWS_PER_FILE = 300_000;
    /** Room for the empty database and about a file's rows, not for all four. */
    private static final long FILE_SIZE_LIMIT_KILOBYTES = 16 * 1024;

    @TempDir
    Path dir;

    @Test
    void aDatabaseH2ClosedAfterARefusedWriteEndsTheDaemonAndAFreshOneImportsEveryRowOnce() throws Exception {
        project(dir, "orders", "@on-demand");
        for (int file = 0; file < FILES; file++) {
            csv(dir, "orders", "o" + file + ".csv", 1 + file * ROWS_PER_FILE, ROWS_PER_FILE, T0.plusSeconds(file));
        }
        Map<String, String> environment = Map.of(
                "PIPIT_JMX_PORT", Integer.toString(PipitProcess.freePort()),
                "PIPIT_NODE_ID", "closed");

        try (PipitProcess daemon = PipitProcess.startUnderFileSizeLimit(FILE_SIZE_LIMIT_KILOBYTES, dir, environment,
                "start", dir.toString())) {
            daemon.awaitLine("Pipit is running", TIMEOUT);
            // Its run fails, or the daemon ends under it: either way the command ends.
            PipitProcess.run(dir, environment, TIMEOUT, "trigger", "orders", "--project", dir.toString());

            assertThat(daemon.waitFor(TIMEOUT)).as(daemon.output()).isEqualTo(70);
            // The refused write itself ("File too large (Writing to ...)"), or a read past the end of the file it left
            // short ("EOFException (Reading from file ...)"): whichever H2 met first.
            assertThat(daemon.output())
                    .containsPattern("H2 closed the database jdbc:h2:\\S+ after an error it does not recover from: "
                            + "\\w[^(]* \\((Writing to|Reading from file) \\S+pipit\\.mv\\.db failed")
                    .contains("Nothing committed is lost: the files in progress rolled back and stay pending")
                    .contains("Exiting with status 70 so that a supervisor starts a fresh daemon");
        }

        PipitProcess.drainWithDaemon(dir, environment, TIMEOUT, "orders");
        JsonNode counts = PipitProcess.sqlRow(dir, environment, TIMEOUT, "SELECT count(*) AS n_rows,"
                + " count(DISTINCT id) AS ids, (SELECT count(*) FROM pipit.files WHERE status = 'imported') AS files"
                + " FROM orders");
        assertThat(counts.get("n_rows").asLong()).isEqualTo(FILES * ROWS_PER_FILE);
        assertThat(counts.get("ids").asLong()).isEqualTo(FILES * ROWS_PER_FILE);
        assertThat(counts.get("files").asInt()).isEqualTo(FILES);
    }
}
