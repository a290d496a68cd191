package dev.pipit.distribution;

import static dev.pipit.distribution.testutil.PipitProcess.sqlRow;
import static dev.pipit.distribution.testutil.TestProjects.csv;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipit.distribution.testutil.PipitProcess;
import dev.pipit.distribution.testutil.RunWaits;
import dev.pipit.distribution.testutil.TestProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (Ctrl-C, {@code systemctl stop}) in the middle of a large file on the embedded H2: the daemon finishes the
 * file, commits it and stops, and says nothing alarming on the way. H2 closes an embedded database from a JVM
 * shutdown hook of its own unless told not to; it did so under the file in progress and under Quartz, so the file
 * rolled back and the stop logged errors. A {@code copy run} stopped the same way cancels its statement instead.
 */
class GracefulStopIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final long FIRST_FILE_ROWS = 1_000;
    private static final long LARGE_FILE_ROWS = 300_000;

    @TempDir
    Path dir;

    @Test
    void theFileInProgressCommitsAndTheStopIsQuiet() throws Exception {
        int port = PipitProcess.freePort();
        Map<String, String> environment = smallThenLargeFile(port);

        String output;
        try (PipitProcess daemon = runningDaemon(environment)) {
            RunWaits.triggerIntoSecondFile(port, "big", FIRST_FILE_ROWS, TIMEOUT);
            assertThat(daemon.terminate(TIMEOUT)).as(daemon.output()).isEqualTo(143);
            output = daemon.output();
        }

        assertThat(output).containsPattern("imported \\S+/b-large\\.csv \\(").contains("Pipit graceful stopped")
                .doesNotContain(" ERROR ").doesNotContain("Exception");
        JsonNode after = sqlRow(dir, environment, TIMEOUT, "SELECT (SELECT count(*) FROM big) AS all_rows, "
                + "(SELECT count(*) FROM pipit.files WHERE status = 'imported') AS imported_files, "
                + "(SELECT count(*) FROM pipit.runs WHERE status = 'succeeded') AS succeeded_runs");
        assertThat(after.get("all_rows").asLong()).isEqualTo(FIRST_FILE_ROWS + LARGE_FILE_ROWS);
        assertThat(after.get("imported_files").asLong()).isEqualTo(2);
        assertThat(after.get("succeeded_runs").asLong()).isEqualTo(1);
        assertThat(dir.resolve("data/pipit.open-by-pipit")).as("the database was closed").doesNotExist();
    }

    /**
     * A second signal during the stop (Ctrl-C pressed again) ends the process at once: the file in progress rolls
     * back and stays pending, as after {@code kill -9}, and the next daemon imports it whole, once.
     */
    @Test
    void aSecondSignalStopsAtOnceAndTheFileInProgressIsImportedOnceLater() throws Exception {
        int port = PipitProcess.freePort();
        Map<String, String> environment = smallThenLargeFile(port);

        try (PipitProcess daemon = runningDaemon(environment)) {
            RunWaits.triggerIntoSecondFile(port, "big", FIRST_FILE_ROWS, TIMEOUT);
            daemon.sendSigterm();
            daemon.awaitLine("Ctrl-C again stops at once", TIMEOUT);
            assertThat(daemon.terminate(TIMEOUT)).as(daemon.output()).isEqualTo(143);
            assertThat(daemon.output()).contains("Stopping at once: the files in progress roll back").doesNotContain("Pipit graceful stopped");
        }
        JsonNode afterHalt = sqlRow(dir, environment, TIMEOUT, "SELECT (SELECT count(*) FROM big) AS all_rows, "
                + "(SELECT count(*) FROM pipit.files WHERE status = 'pending') AS pending_files");
        assertThat(afterHalt.get("all_rows").asLong()).isEqualTo(FIRST_FILE_ROWS);
        assertThat(afterHalt.get("pending_files").asLong()).isEqualTo(1);

        PipitProcess.drainWithDaemon(dir, environment, TIMEOUT, "big");
        JsonNode afterRestart = sqlRow(dir, environment, TIMEOUT, "SELECT (SELECT count(*) FROM big) AS all_rows, "
                + "(SELECT count(DISTINCT id) FROM big) AS ids");
        assertThat(afterRestart.get("all_rows").asLong()).isEqualTo(FIRST_FILE_ROWS + LARGE_FILE_ROWS);
        assertThat(afterRestart.get("ids").asLong()).isEqualTo(FIRST_FILE_ROWS + LARGE_FILE_ROWS);
    }

    /** {@code bin/scheduler run} (cron's way) stops the same way: the file in progress commits, the rest wait. */
    @Test
    void aOneShotRunStopsAfterTheFileInProgress() throws Exception {
        Map<String, String> environment = new HashMap<>(smallThenLargeFile(PipitProcess.freePort()));
        csv(dir, "big", "c-small.csv", FIRST_FILE_ROWS + LARGE_FILE_ROWS, FIRST_FILE_ROWS,
                Instant.parse("2026-11-01T00:00:02Z"));
        environment.put("PIPIT_IMPORT_PARALLEL_FILES", "1");

        try (PipitProcess run = PipitProcess.start(dir, environment, "run", "big", "--project", dir.toString())) {
            run.awaitLine("importing \\S+/b-large\\.csv", TIMEOUT);
            assertThat(run.terminate(TIMEOUT)).as(run.output()).isEqualTo(143);
            assertThat(run.output()).contains("run: stopping after the files in progress")
                    .containsPattern("imported \\S+/b-large\\.csv \\(").contains("1 file left pending")
                    .doesNotContain(" ERROR ").doesNotContain("Exception");
        }
        JsonNode after = sqlRow(dir, environment, TIMEOUT, "SELECT (SELECT count(*) FROM big) AS all_rows, "
                + "(SELECT count(*) FROM pipit.files WHERE status = 'pending') AS pending_files");
        assertThat(after.get("all_rows").asLong()).isEqualTo(FIRST_FILE_ROWS + LARGE_FILE_ROWS);
        assertThat(after.get("pending_files").asLong()).isEqualTo(1);
    }

    @Test
    void aStoppedCopyRollsBackAndIsRecordedAsStopped() throws Exception {
        Files.createDirectories(dir.resolve("datasources"));
        Files.writeString(dir.resolve("datasources/totals.datasource"), """
                SCHEMA >
                    `n` Int64
                """);
        Files.createDirectories(dir.resolve("pipes"));
        // Ten billion rows to count: the copy is still running whenever the signal comes.
        Files.writeString(dir.resolve("pipes/endless.pipe"), """
                NODE endless
                SQL >
                    SELECT count(*) AS n FROM system_range(1, 100000) a, system_range(1, 100000) b

                TYPE COPY
                TARGET_DATASOURCE totals
                """);
        Map<String, String> environment = Map.of("PIPIT_NODE_ID", "graceful");

        try (PipitProcess copy = PipitProcess.start(dir, environment, "copy", "run", "endless", "--project",
                dir.toString())) {
            copy.awaitLine("Copy endless: run \\d+ started", TIMEOUT);
            assertThat(copy.terminate(TIMEOUT)).as(copy.output()).isEqualTo(143);
            assertThat(copy.output()).contains("copy run: stopping: the copy is cancelled.",
                    "endless: run 1 failed, 0 rows (stopped by a signal before it finished)")
                    .doesNotContain(" ERROR ").doesNotContain("Exception");
        }
        JsonNode after = sqlRow(dir, environment, TIMEOUT, "SELECT (SELECT count(*) FROM totals) AS copied, "
                + "status, error FROM pipit.runs WHERE datasource = 'endless'");
        assertThat(after.get("copied").asLong()).isZero();
        assertThat(after.get("status").asText()).isEqualTo("failed");
        assertThat(after.get("error").asText()).isEqualTo("stopped by a signal before it finished");
    }

    /**
     * An admin command ({@code sql} here) has no stop of its own: the signal ends it with one line and the signal's
     * exit status, and the database closes as on any exit. Before, H2's shutdown hook closed the database under the
     * query and the command printed "The database is open in exclusive mode" and "Database is already closed (to
     * disable automatic closing at VM shutdown, add ";DB_CLOSE_ON_EXIT=FALSE" ...)".
     */
    @Test
    void anAdminCommandStoppedByASignalSaysSoInOneLine() throws Exception {
        Files.createDirectories(dir.resolve("datasources"));
        Path openMarker = dir.resolve("data/pipit.open-by-pipit");

        try (PipitProcess sql = PipitProcess.start(dir, Map.of(), "sql", "--project", dir.toString(),
                "SELECT count(*) FROM system_range(1, 100000) a, system_range(1, 100000) b")) {
            // The command must hold the file itself: a poll opening it first would serve it to the command.
            Instant deadline = Instant.now().plus(TIMEOUT);
            while (!Files.exists(openMarker) && sql.isAlive() && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
            awaitRunningStatement("SELECT count(*) FROM system_range", sql);
            assertThat(sql.terminate(TIMEOUT)).as(sql.output()).isEqualTo(143);
            assertThat(sql.output().lines()).as(sql.output()).containsExactly("sql: interrupted.");
        }
        assertThat(openMarker).as("the database was closed").doesNotExist();
    }

    /** Ctrl-C on {@code trigger} stops following the run, and says so; the run is the daemon's and goes on. */
    @Test
    void aStoppedTriggerLeavesTheRunToTheDaemon() throws Exception {
        int port = PipitProcess.freePort();
        Map<String, String> environment = smallThenLargeFile(port);

        try (PipitProcess daemon = runningDaemon(environment)) {
            try (PipitProcess trigger = PipitProcess.start(dir, environment, "trigger", "big", "--project",
                    dir.toString())) {
                trigger.awaitLine("big: \\d+/2 files", TIMEOUT);
                assertThat(trigger.terminate(TIMEOUT)).as(trigger.output()).isEqualTo(143);
                assertThat(trigger.output()).contains(
                        "trigger: stopped following; the run goes on in the daemon (bin/scheduler history big).");
            }
            daemon.awaitLine("Run \\d+ of big ended: SUCCEEDED", TIMEOUT);
        }
        JsonNode after = sqlRow(dir, environment, TIMEOUT, "SELECT count(*) AS all_rows FROM big");
        assertThat(after.get("all_rows").asLong()).isEqualTo(FIRST_FILE_ROWS + LARGE_FILE_ROWS);
    }

    /** {@code bin/scheduler start} on the test's project, once it says it is running. */
    private PipitProcess runningDaemon(Map<String, String> environment) throws Exception {
        PipitProcess daemon = PipitProcess.start(dir, environment, "start", dir.toString());
        try {
            daemon.awaitLine("Pipit is running", TIMEOUT);
            return daemon;
        } catch (Exception | AssertionError e) {
            daemon.close();
            throw e;
        }
    }

    /** Waits until {@code process} runs a statement starting with {@code start}, asked of H2 by another command. */
    private void awaitRunningStatement(String start, PipitProcess process) throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        String running = "SELECT count(*) AS n FROM information_schema.sessions WHERE executing_statement LIKE '"
                + start + "%'";
        while (sqlRow(dir, Map.of(), TIMEOUT, running).get("n").asLong() == 0) {
            assertThat(process.isAlive()).as(process.output()).isTrue();
            assertThat(Instant.now()).as("no statement starting with '%s' by %s", start, TIMEOUT).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    /**
     * {@link TestProjects#smallThenLargeFile}, each file in a transaction of its own, so that a stop comes between a
     * committed file and one in progress.
     *
     * @return the daemon's environment
     */
    private Map<String, String> smallThenLargeFile(int jmxPort) {
        TestProjects.smallThenLargeFile(dir, FIRST_FILE_ROWS, LARGE_FILE_ROWS);
        return Map.of("PIPIT_JMX_PORT", Integer.toString(jmxPort), "PIPIT_NODE_ID", "graceful",
                "PIPIT_IMPORT_FILES_PER_COMMIT", "1");
    }

}
