package dev.pipit.distribution;

import static dev.pipit.distribution.testutil.TestProjects.csv;
import static dev.pipit.distribution.testutil.TestProjects.project;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunHistory;
import dev.pipit.scheduler.history.RunTrigger;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.project.ProjectLoader;
import dev.pipit.scheduler.project.SecretResolver;
import dev.pipit.scheduler.run.ImportRunner;
import dev.pipit.scheduler.run.RunLimits;
import dev.pipit.scheduler.run.RunListener;
import dev.pipit.scheduler.schedule.ClusterSettings;
import dev.pipit.scheduler.schedule.ImportScheduler;
import dev.pipit.scheduler.schedule.RunProgress;
import dev.pipit.testkit.db.Backend;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A daemon follows a run it queued that another node executes: what {@code bin/scheduler trigger} relies on in a
 * cluster. The queuing daemon's scheduler is never started, so the run can only happen elsewhere; here it is
 * made by a runner of another node, as that node's Quartz job would make it.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class TriggerProgressTest {
    @Parameter
    Backend backend;

    @TempDir
    Path dir;

    private static final RunLimits LIMITS = new RunLimits(RunLimits.DEFAULT_AUTO_INTERVAL, 5, 1000);

    private final PluginRegistry plugins = PluginRegistry.forInstallation();

    @Test
    void followsARunAnotherNodeExecutesThroughTheHistory() throws Exception {
        Project project = onDemandEvents();
        csv(dir, "events", "b.csv", 10, 15, Instant.parse("2026-11-01T00:00:01Z"));

        try (Database database = Database.open(PipitConfig.of(backend.freshSettings()), dir)) {
            RunHistory history = new RunHistory(database.jdbi());
            ImportRunner elsewhere = new ImportRunner(database, plugins, project, LIMITS, "elsewhere");
            try (ImportScheduler scheduler = schedulerHere(database, project)) {
                String request = scheduler.trigger("events");
                assertThat(scheduler.progress(request)).map(RunProgress::getState).contains("QUEUED");

                elsewhere.run("events", RunTrigger.MANUAL, request, RunListener.NONE, () -> false);

                RunProgress done = scheduler.progress(request).orElseThrow();
                assertThat(done.isDone()).isTrue();
                assertThat(done.getStatus()).isEqualTo("succeeded");
                assertThat(done.getFilesDone()).isEqualTo(2);
                assertThat(done.getRows()).isEqualTo(25);
                assertThat(history.find(done.getRunId()).orElseThrow().node()).isEqualTo("elsewhere");
            }
        }
    }

    /**
     * A run whose end the history cannot take (here a constraint refuses it; in life, a database H2 closed under the
     * run) tells the follower the database's own error, not Jdbi's statement with its arguments.
     */
    @Test
    void aRunTheHistoryCannotTakeEndsWithTheDatabasesOwnError() throws Exception {
        Project project = onDemandEvents();

        try (Database database = Database.open(PipitConfig.of(backend.freshSettings()), dir)) {
            try (ImportScheduler scheduler = schedulerHere(database, project)) {
                database.jdbi().useHandle(handle -> handle.execute(
                        "ALTER TABLE pipit.runs ADD CONSTRAINT runs_never_end CHECK (status = 'running')"));
                String request = scheduler.trigger("events");
                scheduler.start();

                RunProgress done = doneWithin(scheduler, request, Duration.ofSeconds(60));
                assertThat(done.getStatus()).isEqualTo("failed");
                assertThat(done.getError()).containsIgnoringCase("runs_never_end")
                        .doesNotContain("[statement:", "arguments:", "StatementException");
            }
        }
    }

    /** Data source {@code events}, on demand, with one file of ten rows. */
    private Project onDemandEvents() throws Exception {
        project(dir, "events", "@on-demand");
        csv(dir, "events", "a.csv", 0, 10, Instant.parse("2026-11-01T00:00:00Z"));
        return new ProjectLoader(plugins, new SecretResolver(Map.of(), Map.of())).load(dir);
    }

    /** The scheduler of node {@code here}, the project applied, not started. */
    private ImportScheduler schedulerHere(Database database, Project project) throws Exception {
        ImportScheduler scheduler = ImportScheduler.create(database.dataSource(),
                new ImportRunner(database, plugins, project, LIMITS, "here"), new RunHistory(database.jdbi()), LIMITS,
                "here", 1, ClusterSettings.SINGLE_NODE);
        scheduler.apply(project);
        return scheduler;
    }

    private static RunProgress doneWithin(ImportScheduler scheduler, String request, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            RunProgress progress = scheduler.progress(request).orElseThrow();
            if (progress.isDone()) {
                return progress;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the run of request " + request + " did not end within " + timeout);
    }
}
