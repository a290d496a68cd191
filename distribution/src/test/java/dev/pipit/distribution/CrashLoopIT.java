package dev.pipit.distribution;

import static dev.pipit.distribution.testutil.TestProjects.csv;
import static dev.pipit.distribution.testutil.TestProjects.project;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.distribution.testutil.PipitProcess;
import dev.pipit.distribution.testutil.SqlProbe;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon killed with SIGKILL at random moments, again and again, while new files keep landing: at start-up,
 * between runs, in the middle of a file. After the last kill a one-shot run drains what is left, and every source
 * row must be in the table exactly once, with the ledger agreeing row for row.
 *
 * <p>The kill moments come from a seeded {@link Random}; the seed is printed, and {@code -Dpipit.crash.seed=N}
 * replays a failing sequence. {@code -Dpipit.crash.iterations=N} sets the number of kills (5 in {@code mvn verify},
 * 50 under {@code -Preliability-full}).
 */
class CrashLoopIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final int FIRST_FILES = 12;
    private static final int FILES_PER_ITERATION = 3;
    private static final int ROWS_PER_FILE = 5_000;
    /**
     * One kill in four falls anywhere in start-up (migrations, Quartz, failing the last life's runs), which takes
     * one to three seconds here; the others fall while files import, where a kill matters most.
     */
    private static final int MAX_START_UP_KILL_MILLIS = 3_000;
    private static final int MAX_IMPORT_KILL_MILLIS = 2_500;
    private static final Pattern IMPORTING = Pattern.compile("Run \\d+: importing (\\S+)");

    @TempDir
    Path dir;

    private int files;

    @Test
    void everySourceRowIsInTheTableExactlyOnceAfterRepeatedKills() throws Exception {
        long seed = Long.getLong("pipit.crash.seed", new SecureRandom().nextLong());
        int iterations = Integer.getInteger("pipit.crash.iterations", 5);
        System.out.printf("CrashLoopIT: seed %d (replay with -Dpipit.crash.seed=%d), %d iterations%n",
                seed, seed, iterations);
        Random random = new Random(seed);
        project(dir, "events", "@auto");
        addFiles(FIRST_FILES);
        Map<String, String> environment = Map.of(
                "PIPIT_JMX_PORT", Integer.toString(PipitProcess.freePort()),
                "PIPIT_NODE_ID", "crash-loop",
                "PIPIT_AUTO_INTERVAL", "1s",
                "PIPIT_AUTO_MAX_FILES", "4",
                // Every kill here is the test's, not a file's: the files of a group (import.files-per-commit) share
                // each kill that lands in the group, and a file in three such groups would be marked failed as a
                // poison file (the guard PoisonDaemonIT tests), which read as 5,000 lost rows in one CI run.
                "PIPIT_IMPORT_CRASH_ATTEMPTS", "1000");

        int kills = 0;
        int killsMidFile = 0;
        for (int i = 0; i < iterations; i++) {
            boolean duringStartUp = random.nextInt(4) == 0;
            long delay = random.nextInt(duringStartUp ? MAX_START_UP_KILL_MILLIS : MAX_IMPORT_KILL_MILLIS);
            try (PipitProcess daemon = PipitProcess.start(dir, environment, "start", dir.toString())) {
                if (!duringStartUp) {
                    daemon.awaitLine(IMPORTING.pattern(), TIMEOUT);
                }
                Thread.sleep(delay);
                assertThat(daemon.isAlive()).as("the daemon died by itself:\n%s", daemon.output()).isTrue();
                daemon.kill();
                kills++;
                String fileInProgress = fileInProgress(daemon.output());
                killsMidFile += fileInProgress == null ? 0 : 1;
                System.out.printf("CrashLoopIT: kill %d, %d ms after %s%s%n", kills, delay,
                        duringStartUp ? "the process started" : "the first import began",
                        fileInProgress == null ? "" : " in the middle of " + fileInProgress);
            }
            addFiles(FILES_PER_ITERATION);
        }
        // A last start marks the run the last kill interrupted as failed; then a one-shot run drains the rest.
        try (PipitProcess daemon = PipitProcess.start(dir, environment, "start", dir.toString())) {
            daemon.awaitLine("Pipit is running", TIMEOUT);
            assertThat(daemon.terminate(TIMEOUT)).as(daemon.output()).isEqualTo(143);
        }
        // The backlog grows with the iterations (50 leave some 150 files); a second a file is ample on a busy
        // machine.
        Duration drainTimeout = TIMEOUT.plusSeconds(files);
        PipitProcess.Result drain = PipitProcess.run(dir, environment, drainTimeout, "run", "events", "--project",
                dir.toString());
        assertThat(drain.exitCode()).as(drain.output()).isZero();

        long expected = (long) files * ROWS_PER_FILE;
        long rows = query("SELECT count(*) FROM events");
        long distinct = query("SELECT count(DISTINCT id) FROM events");
        long inRange = query("SELECT count(DISTINCT id) FROM events WHERE id >= 0 AND id < " + expected);
        long duplicates = rows - distinct;
        long lost = expected - inRange;
        System.out.printf("CrashLoopIT figures: seed %d, iterations %d, kills %d (%d mid-file), files %d, "
                + "rows checked %d, duplicates %d, rows lost %d%n",
                seed, iterations, kills, killsMidFile, files, expected, duplicates, lost);
        String ledger = duplicates == 0 && lost == 0 ? "" : ledgerAgainstTable();
        assertThat(duplicates).as("duplicated rows (seed %d)%s", seed, ledger).isZero();
        assertThat(lost).as("lost rows (seed %d)%s", seed, ledger).isZero();
        assertThat(rows).isEqualTo(expected);
        assertThat(query("SELECT count(*) FROM pipit.files WHERE status = 'imported'")).isEqualTo(files);
        assertThat(query("SELECT count(*) FROM pipit.files")).isEqualTo(files);
        assertThat(query("SELECT count(DISTINCT \"key\") FROM pipit.files")).isEqualTo(files);
        assertThat(query("SELECT coalesce(sum(\"rows\"), 0) FROM pipit.files")).isEqualTo(expected);
        assertThat(query("SELECT coalesce(sum(\"rows\"), 0) FROM pipit.runs")).isEqualTo(expected);
        assertThat(query("SELECT count(*) FROM pipit.runs WHERE status = 'running'")).isZero();
        assertThat(query("SELECT count(*) FROM pipit.runs "
                + "WHERE status = 'failed' AND error NOT LIKE '%daemon stopped%'"))
                .isZero();
    }

    private void addFiles(int count) {
        for (int i = 0; i < count; i++) {
            csv(dir, "events", "part-%04d.csv".formatted(files), (long) files * ROWS_PER_FILE, ROWS_PER_FILE,
                    T0.plusSeconds(files));
            files++;
        }
    }

    /** The key the daemon's log shows it started and never finished, or {@code null} if it was between files. */
    private static String fileInProgress(String log) {
        String started = null;
        for (String line : log.lines().toList()) {
            Matcher importing = IMPORTING.matcher(line);
            if (importing.find()) {
                started = importing.group(1);
                continue;
            }
            // Any later line naming the key ends it: imported, failed, or taken by another run.
            if (started != null && line.contains(started)) {
                started = null;
            }
        }
        return started;
    }

    /**
     * Each file whose rows in the table differ from its ledger row, with what the ledger says of it: the difference
     * between a file the ledger gave up on (a status, an error, {@code import.crash-attempts}) and rows a crash
     * lost or doubled behind an "imported".
     */
    private String ledgerAgainstTable() throws Exception {
        StringBuilder report = new StringBuilder("\nfiles whose rows differ (key [status, ledger rows, attempts, "
                + "unfinished attempts, error], rows in the table):");
        for (int file = 0; file < files; file++) {
            String key = "part-%04d.csv".formatted(file);
            long inTable = query("SELECT count(*) FROM events WHERE id >= " + (long) file * ROWS_PER_FILE
                    + " AND id < " + (long) (file + 1) * ROWS_PER_FILE);
            List<List<String>> ledger = SqlProbe.h2(dir).rows("SELECT status, \"rows\", attempts, "
                    + "unfinished_attempts, error FROM pipit.files WHERE \"key\" LIKE '%" + key + "'");
            if (inTable != ROWS_PER_FILE || ledger.size() != 1 || !"imported".equals(ledger.get(0).get(0))) {
                report.append("\n  ").append(key).append(' ').append(ledger).append(", in the table: ").append(inTable);
            }
        }
        return report.toString();
    }

    private long query(String sql) throws Exception {
        return SqlProbe.h2(dir).count(sql);
    }
}
