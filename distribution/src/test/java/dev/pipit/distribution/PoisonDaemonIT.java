package dev.pipit.distribution;

import static dev.pipit.distribution.testutil.TestProjects.csv;
import static dev.pipit.distribution.testutil.TestProjects.project;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.distribution.testutil.PipitProcess;
import dev.pipit.distribution.testutil.SqlProbe;
import dev.pipit.testkit.parquet.ParquetFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/scheduler start} under {@code -Xmx256m} with a poison Parquet file among good ones in an {@code @auto}
 * data source, next to a CSV data source. The poison is a few kilobytes: one row whose list holds 400,000 copies of
 * one kilobyte of text (dictionary-encoded, so the pages stay tiny), 400 MB once read. {@code @auto} runs every
 * second ({@code auto.interval}) rather than every minute.
 *
 * <ul>
 *   <li>With the default limits the poison stops at {@code import.max-value-size}.
 *   <li>With the limit out of the way it ends in a real {@code OutOfMemoryError}, which fails the file and the run;
 *       then the daemon exits with status 70, since other threads may have failed with it, and a fresh daemon
 *       imports the rest (should the full heap have kept the failure from being recorded, the death counts).
 * </ul>
 *
 * <p>What a process that dies outright (a native crash, {@code kill -9}) leaves in the ledger, and the file failed
 * once that has happened {@code import.crash-attempts} times, is {@code PoisonFileTest}'s, on H2 and PostgreSQL;
 * here the second case shows that each dead daemon's attempt outlived it.
 */
class PoisonDaemonIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final int CRASH_ATTEMPTS = 3;

    @TempDir
    Path dir;

    @BeforeEach
    void landFiles() throws IOException {
        project(dir, "orders", "@auto");
        Files.writeString(dir.resolve("datasources/columns.datasource"), """
                SCHEMA >
                    `id` Int64 `json:$.id`,
                    `tags` String `json:$.tags`

                IMPORT_CONNECTION_NAME inbox
                IMPORT_BUCKET_URI file://./inbox/columns/*.parquet
                IMPORT_SCHEDULE @auto
                IMPORT_STRATEGY APPEND
                """);
        goodParquet("a-good.parquet", 1, 0);
        byte[] kilobyte = new byte[1024];
        Arrays.fill(kilobyte, (byte) 'x');
        Binary text = Binary.fromConstantByteArray(kilobyte);
        land("b-poison.parquet", 1, file -> ParquetFiles.write(file, SCHEMA, CompressionCodecName.ZSTD, 1,
                (index, row) -> {
                    row.append("id", 1_000L);
                    for (int i = 0; i < 400_000; i++) {
                        row.append("tags", text);
                    }
                }));
        goodParquet("c-good.parquet", 2, 2);
        csv(dir, "orders", "o1.csv", 1, 100, T0);
        assertThat(Files.size(dir.resolve("inbox/columns/b-poison.parquet"))).isLessThan(64 * 1024);
    }

    @Test
    void thePoisonStopsAtTheValueLimitAndEverythingElseImports() throws Exception {
        try (PipitProcess daemon = start(Map.of())) {
            awaitPoisonFailed(daemon);
            assertThat(error("b-poison.parquet")).contains("row 1 cannot be read: the value of field 'tags' grows"
                    + " past 16 MB, the most import.max-value-size allows");
            assertTheRestImportsWhileTheDaemonRuns(daemon);
        }
    }

    @Test
    void aRealOutOfMemoryErrorFailsTheFileThenEndsTheDaemonForAFreshOne() throws Exception {
        List<String> outputs = restartUntilThePoisonFails();
        // The heap the poison fills may fail any thread: the import of another data source's run, the console's
        // HTTP dispatcher or H2's server too.
        assertThat(outputs.get(0))
                .containsPattern("The JVM failed with OutOfMemoryError (during a run of (columns|orders)|in thread .+);")
                .contains("Exiting with status 70 so that a supervisor starts a fresh daemon");
        assertThat(outputs.get(0).lines().filter(line -> line.startsWith("java.lang.OutOfMemoryError")).count())
                .as("the error's stack is logged once by each thread it struck, not again by the run:\n%s",
                        outputs.get(0)).isBetween(1L, 2L);
        // Recorded as it happened, or, when the heap was still too full to record it, counted as a death.
        assertThat(error("b-poison.parquet")).matches("the importer ran out of memory reading this file .*"
                + "|the importer died [1-3] times while reading this file .*");
        // Each daemon it ended had counted its attempt in a transaction of its own, which the death left behind.
        assertThat(query("SELECT unfinished_attempts FROM pipit.files WHERE \"key\" LIKE '%/b-poison.parquet'"))
                .isEqualTo(outputs.size());
    }

    /**
     * Starts the daemon with the value limit out of the way, again each time the poison ends it, as a supervisor
     * would, until the poison is failed; then checks that the last daemon imports the rest.
     *
     * @return the output of each daemon the poison ended, at most {@code import.crash-attempts} of them
     */
    private List<String> restartUntilThePoisonFails() throws Exception {
        Map<String, String> noLimit = Map.of("PIPIT_IMPORT_MAX_VALUE_SIZE", "64GB");
        List<String> deaths = new java.util.ArrayList<>();
        while (true) {
            PipitProcess daemon = start(noLimit);
            Instant deadline = Instant.now().plus(TIMEOUT);
            while (daemon.isAlive() && !"failed".equals(status("b-poison.parquet"))) {
                // The poison's ledger row too: a full CI run once found it never taken again, for reasons this
                // message did not show.
                assertThat(Instant.now()).as(() -> daemon.output() + "\nb-poison.parquet in the ledger: "
                        + ledgerRow("b-poison.parquet")).isBefore(deadline);
                Thread.sleep(200);
            }
            if (daemon.isAlive() && diesOfTheRun(daemon)) {
                daemon.waitFor(TIMEOUT);
            }
            if (daemon.isAlive()) {
                try (daemon) {
                    assertTheRestImportsWhileTheDaemonRuns(daemon);
                }
                return deaths;
            }
            deaths.add(daemon.output());
            assertThat(deaths.size()).as("daemons the poison ended").isLessThanOrEqualTo(CRASH_ATTEMPTS);
            if ("failed".equals(status("b-poison.parquet"))) {
                try (PipitProcess fresh = start(noLimit)) {
                    assertTheRestImportsWhileTheDaemonRuns(fresh);
                }
                return deaths;
            }
        }
    }

    /**
     * Whether the run that failed the poison ends the daemon: with files imported at once the poison's file is
     * marked failed while the run waits for its other files, and only then does the run end and the daemon exit.
     * A poison failed for its earlier deaths (its failure could not be recorded while the heap was full) fails no
     * run, and the daemon lives on.
     */
    private boolean diesOfTheRun(PipitProcess daemon) throws Exception {
        await(() -> query("SELECT count(*) FROM pipit.runs WHERE datasource = 'columns' AND status = 'running'") == 0
                || !daemon.isAlive(), daemon, false);
        String lastRunError = text("SELECT error FROM pipit.runs WHERE datasource = 'columns' ORDER BY id DESC"
                + " LIMIT 1");
        return !daemon.isAlive() || lastRunError != null && lastRunError.contains("ran out of memory");
    }

    private void assertTheRestImportsWhileTheDaemonRuns(PipitProcess daemon) throws Exception {
        await(() -> "imported".equals(status("c-good.parquet")) && "imported".equals(status("o1.csv")), daemon);
        csv(dir, "orders", "o2.csv", 101, 100, T0.plusSeconds(5));
        await(() -> "imported".equals(status("o2.csv")), daemon);
        assertThat(daemon.isAlive()).isTrue();
        assertThat(query("SELECT count(*) FROM columns")).isEqualTo(4);
        assertThat(query("SELECT count(*) FROM orders")).isEqualTo(200);
        assertThat(status("a-good.parquet")).isEqualTo("imported");
    }

    private PipitProcess start(Map<String, String> settings) throws Exception {
        Map<String, String> environment = new HashMap<>(settings);
        environment.put("PIPIT_JMX_PORT", Integer.toString(PipitProcess.freePort()));
        environment.put("PIPIT_NODE_ID", "poison");
        environment.put("PIPIT_AUTO_INTERVAL", "1s");
        PipitProcess daemon = PipitProcess.start(dir, environment, "start", dir.toString());
        try {
            daemon.awaitLine("Pipit is running", TIMEOUT);
        } catch (AssertionError e) {
            daemon.close();
            throw e;
        }
        return daemon;
    }

    private void awaitPoisonFailed(PipitProcess daemon) throws Exception {
        await(() -> "failed".equals(status("b-poison.parquet")), daemon);
    }

    private void await(Check check, PipitProcess daemon) throws Exception {
        await(check, daemon, true);
    }

    private void await(Check check, PipitProcess daemon, boolean daemonMustLive) throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (!check.holds()) {
            assertThat(daemon.isAlive() || !daemonMustLive).as("the daemon died:\n%s", daemon.output()).isTrue();
            assertThat(Instant.now()).as("timed out:\n%s", daemon.output()).isBefore(deadline);
            Thread.sleep(200);
        }
    }

    private static final String SCHEMA = "message m { required int64 id; repeated binary tags (STRING); }";

    private void goodParquet(String name, long firstId, int second) throws IOException {
        land(name, second, file -> ParquetFiles.write(file, SCHEMA, CompressionCodecName.SNAPPY, 2,
                (index, row) -> row.append("id", firstId + index).append("tags", "t" + index)));
    }

    private void land(String name, int second, FileWriter writer) throws IOException {
        Path file = dir.resolve("inbox/columns").resolve(name);
        Files.createDirectories(file.getParent());
        writer.write(file);
        Files.setLastModifiedTime(file, FileTime.from(T0.plusSeconds(second)));
    }

    private String status(String name) throws Exception {
        return text("SELECT status FROM pipit.files WHERE \"key\" LIKE '%/" + name + "'");
    }

    private String ledgerRow(String name) {
        try {
            return text("SELECT 'status ' || status || ', attempts ' || attempts || ', unfinished '"
                    + " || unfinished_attempts || ', next attempt ' || COALESCE(CAST(next_attempt_at AS VARCHAR), '-')"
                    + " || ', error ' || COALESCE(error, '-') FROM pipit.files WHERE \"key\" LIKE '%/" + name + "'");
        } catch (Exception e) {
            return "(not read: " + e + ")";
        }
    }

    private String error(String name) throws Exception {
        return text("SELECT error FROM pipit.files WHERE \"key\" LIKE '%/" + name + "'");
    }

    /** Tries again while the daemon, which serves the file to this process, is dying or starting. */
    private String text(String sql) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = connect();
                    Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery(sql)) {
                return result.next() ? result.getString(1) : null;
            } catch (java.sql.SQLException e) {
                if (attempt == 20) {
                    throw e;
                }
                Thread.sleep(250);
            }
        }
    }

    private long query(String sql) throws Exception {
        return SqlProbe.h2Served(dir).count(sql);
    }

    private Connection connect() throws Exception {
        return SqlProbe.h2Served(dir).connect();
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }

    @FunctionalInterface
    private interface FileWriter {
        void write(Path file) throws IOException;
    }
}
