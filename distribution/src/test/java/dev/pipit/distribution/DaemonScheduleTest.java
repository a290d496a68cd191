package dev.pipit.distribution;

import static dev.pipit.distribution.testutil.TestProjects.csv;
import static dev.pipit.distribution.testutil.TestProjects.project;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.distribution.testutil.PipitProcess;
import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.daemon.Daemon;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunHistory;
import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.ledger.FileLedger;
import dev.pipit.scheduler.ledger.FileStatus;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.project.ProjectLoader;
import dev.pipit.scheduler.project.SecretResolver;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code @auto} schedule through Quartz itself, with the interval shortened to a second: the real job store,
 * triggers and job, not a direct call of the run.
 */
class DaemonScheduleTest {
    @TempDir
    Path dir;

    @Test
    void quartzRunsAnAutoDataSourceEveryIntervalFiveFilesAtATime() throws Exception {
        project(dir, "events", "@auto");
        Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
        for (int i = 0; i < 12; i++) {
            csv(dir, "events", "e-" + i + ".csv", i * 10L, 10, t0.plusSeconds(i));
        }
        String url = "jdbc:h2:mem:" + UUID.randomUUID();
        PipitConfig config = PipitConfig.of(Map.of(
                "db.url", url,
                "auto.interval", "1s",
                "node.id", "quartz-node",
                "jmx.port", Integer.toString(PipitProcess.freePort()), "http.port", "0"));
        PluginRegistry plugins = PluginRegistry.forInstallation();
        Project project = new ProjectLoader(plugins, new SecretResolver(Map.of(), Map.of())).load(dir);

        // The test's own pool keeps the in-memory database alive after the daemon closes its pool.
        try (Database database = Database.open(config, dir)) {
            try (Daemon daemon = Daemon.start(config, project, plugins)) {
                awaitImported(database, 12);
            }
            List<RunRecord> runs = new RunHistory(database.jdbi()).recent("events", 10);
            List<Integer> filesPerRun = runs.stream().map(RunRecord::files).filter(files -> files > 0).toList();
            assertThat(filesPerRun).containsExactly(2, 5, 5);
            assertThat(runs).allSatisfy(run -> assertThat(run.node()).isEqualTo("quartz-node"));
        }
    }

    private static void awaitImported(Database database, long files) throws InterruptedException {
        FileLedger ledger = new FileLedger(database.jdbi());
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (ledger.counts("events").get(FileStatus.IMPORTED) < files) {
            assertThat(Instant.now()).as("12 files imported within 30 s").isBefore(deadline);
            Thread.sleep(100);
        }
    }
}
