package dev.pipit.distribution;

import static dev.pipit.distribution.testutil.TestProjects.csv;
import static dev.pipit.distribution.testutil.TestProjects.project;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.history.RunStatus;
import dev.pipit.scheduler.history.RunTrigger;
import dev.pipit.scheduler.ledger.FileLedger;
import dev.pipit.scheduler.ledger.FileStatus;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.project.ProjectLoader;
import dev.pipit.scheduler.project.SecretResolver;
import dev.pipit.scheduler.run.ImportRunner;
import dev.pipit.scheduler.run.RunLimits;
import dev.pipit.scheduler.run.RunListener;
import dev.pipit.testkit.db.Backend;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs of one data source on several nodes at once, with nothing but the ledger between them (as when Quartz is
 * bypassed by {@code bin/scheduler run} beside the daemons): each file is claimed by exactly one of them.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class ConcurrentRunsTest {
    private static final int FILES = 40;
    private static final int ROWS_PER_FILE = 250;
    private static final int NODES = 3;

    @Parameter
    Backend backend;

    @TempDir
    Path dir;

    private final List<Database> databases = new ArrayList<>();

    @AfterEach
    void closeDatabases() {
        databases.forEach(Database::close);
    }

    @Test
    void concurrentRunsImportEveryFileExactlyOnce() throws Exception {
        project(dir, "events", "@on-demand");
        Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
        for (int i = 0; i < FILES; i++) {
            csv(dir, "events", "f-" + i + ".csv", (long) i * ROWS_PER_FILE, ROWS_PER_FILE, t0.plusSeconds(i));
        }
        Map<String, String> settings = backend.freshSettings();
        PluginRegistry plugins = PluginRegistry.forInstallation();
        Project project = new ProjectLoader(plugins, new SecretResolver(Map.of(), Map.of())).load(dir);
        List<Callable<RunRecord>> nodes = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int n = 0; n < NODES; n++) {
            // A pool of its own per node, as separate daemons have.
            Database database = Database.open(PipitConfig.of(settings), dir);
            databases.add(database);
            ImportRunner runner = new ImportRunner(database, plugins, project,
                    new RunLimits(RunLimits.DEFAULT_AUTO_INTERVAL, 5, 1000), "node-" + n);
            nodes.add(() -> {
                start.await();
                return runner.run("events", RunTrigger.MANUAL, RunListener.NONE, () -> false);
            });
        }

        ExecutorService executor = Executors.newFixedThreadPool(NODES);
        List<RunRecord> runs = new ArrayList<>();
        try {
            List<Future<RunRecord>> futures = nodes.stream().map(executor::submit).toList();
            start.countDown();
            for (Future<RunRecord> future : futures) {
                runs.add(future.get(2, TimeUnit.MINUTES));
            }
        } finally {
            executor.shutdownNow();
        }

        assertThat(runs).extracting(RunRecord::status).containsOnly(RunStatus.SUCCEEDED);
        assertThat(runs.stream().mapToInt(RunRecord::files).sum()).isEqualTo(FILES);
        assertThat(runs.stream().mapToLong(RunRecord::rows).sum()).isEqualTo((long) FILES * ROWS_PER_FILE);
        Database database = databases.get(0);
        assertThat(new FileLedger(database.jdbi()).counts("events").get(FileStatus.IMPORTED)).isEqualTo(FILES);
        Map<String, Object> rows = database.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) AS all_rows, count(DISTINCT \"id\") AS ids FROM \"events\"").mapToMap().one());
        assertThat(((Number) rows.get("all_rows")).longValue()).isEqualTo((long) FILES * ROWS_PER_FILE);
        assertThat(((Number) rows.get("ids")).longValue()).isEqualTo((long) FILES * ROWS_PER_FILE);
    }
}
