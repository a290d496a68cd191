package dev.pipit.distribution;

import static dev.pipit.distribution.testutil.TestProjects.csv;
import static dev.pipit.distribution.testutil.TestProjects.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.pipit.distribution.testutil.PipitProcess;
import dev.pipit.scheduler.admin.JmxClient;
import dev.pipit.scheduler.admin.JmxSettings;
import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.daemon.Daemon;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunHistory;
import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.history.RunStatus;
import dev.pipit.scheduler.history.RunTrigger;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.project.ProjectLoader;
import dev.pipit.scheduler.project.SecretResolver;
import dev.pipit.scheduler.schedule.RunProgress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sink and copy pipes fired by Quartz itself, on a cron of every second: the real job store, triggers and jobs.
 */
class PipeScheduleTest {
    @TempDir
    Path dir;

    @Test
    void quartzFiresTheCopyAndTheSinkOnTheirCron() throws Exception {
        project(dir, "events", "@auto");
        csv(dir, "events", "a.csv", 1, 20, Instant.parse("2026-11-01T00:00:00Z"));
        Files.writeString(dir.resolve("datasources/totals.datasource"), """
                SCHEMA >
                    `n` Int64,
                    `amount` Float64
                """);
        Files.createDirectories(dir.resolve("pipes"));
        Files.writeString(dir.resolve("pipes/total.pipe"), """
                NODE total
                SQL >
                    SELECT count(*) AS n, sum(amount) AS amount FROM events

                TYPE COPY
                TARGET_DATASOURCE totals
                COPY_MODE replace
                COPY_SCHEDULE '* * * * * ?'
                """);
        Files.writeString(dir.resolve("pipes/export.pipe"), """
                NODE rows
                SQL >
                    SELECT id, name FROM events ORDER BY id

                TYPE SINK
                EXPORT_CONNECTION_NAME inbox
                EXPORT_BUCKET_URI file://./exports
                EXPORT_FILE_TEMPLATE all_events
                EXPORT_STRATEGY truncate
                EXPORT_SCHEDULE '* * * * * ?'
                """);
        PipitConfig config = PipitConfig.of(Map.of(
                "db.url", "jdbc:h2:mem:" + UUID.randomUUID(),
                "node.id", "pipe-node",
                "jmx.port", Integer.toString(PipitProcess.freePort())));
        PluginRegistry plugins = PluginRegistry.forInstallation();
        Project project = new ProjectLoader(plugins, new SecretResolver(Map.of(), Map.of())).load(dir);
        assertThat(project.errors()).isEmpty();

        // The test's own pool keeps the in-memory database alive after the daemon closes its pool.
        try (Database database = Database.open(config, dir)) {
            RunHistory history = new RunHistory(database.jdbi());
            try (Daemon daemon = Daemon.start(config, project, plugins)) {
                // The import runs beside them, so the first firings may see fewer rows, or no table yet.
                awaitRun(history, "export", 20);
                Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
                while (!totals(database).equals(List.of(20L))) {
                    assertThat(Instant.now()).as("totals replaced by a copy within 30 s").isBefore(deadline);
                    Thread.sleep(200);
                }
            }
            List<String> lines = Files.readAllLines(dir.resolve("exports/all_events.csv"));
            assertThat(lines).hasSize(21).startsWith("id,name", "1,name 1").endsWith("20,name 20");
            assertThat(history.recent("total", 50)).allSatisfy(run -> assertThat(run.node()).isEqualTo("pipe-node"));
        }
    }

    @Test
    void jmxQueuesASinkRunThroughItsJobAndProgressFollowsItToTheEnd() throws Exception {
        project(dir, "events", "@on-demand");
        csv(dir, "events", "a.csv", 1, 5, Instant.parse("2026-11-01T00:00:00Z"));
        Files.createDirectories(dir.resolve("pipes"));
        Files.writeString(dir.resolve("pipes/export.pipe"), """
                NODE rows
                SQL >
                    SELECT id, name FROM events ORDER BY id

                TYPE SINK
                EXPORT_CONNECTION_NAME inbox
                EXPORT_BUCKET_URI file://./exports
                EXPORT_FILE_TEMPLATE on_request
                """);
        int port = PipitProcess.freePort();
        PipitConfig config = PipitConfig.of(Map.of(
                "db.url", "jdbc:h2:mem:" + UUID.randomUUID(),
                "node.id", "pipe-node",
                "jmx.port", Integer.toString(port)));
        PluginRegistry plugins = PluginRegistry.forInstallation();
        Project project = new ProjectLoader(plugins, new SecretResolver(Map.of(), Map.of())).load(dir);

        try (Database database = Database.open(config, dir);
                Daemon daemon = Daemon.start(config, project, plugins);
                JmxClient client = JmxClient.connect(new JmxSettings("127.0.0.1", port, null, null))) {
            String imported = client.control().trigger("events");
            awaitDone(client, imported);

            String request = client.control().runPipe("export");
            RunProgress done = awaitDone(client, request);

            assertThat(done.getStatus()).isEqualTo("succeeded");
            assertThat(done.getRows()).isEqualTo(5);
            assertThat(new RunHistory(database.jdbi()).findByRequest(request)).hasValueSatisfying(run ->
                    assertThat(run.trigger()).isEqualTo(RunTrigger.SINK));
            assertThat(Files.readAllLines(dir.resolve("exports/on_request.csv"))).hasSize(6);
            assertThatIllegalArgumentException().isThrownBy(() -> client.control().runPipe("nope"))
                    .withMessageContaining("no sink or copy pipe named 'nope'");
        }
    }

    private static RunProgress awaitDone(JmxClient client, String request) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            RunProgress progress = client.control().progress(request);
            if (progress != null && progress.isDone()) {
                return progress;
            }
            assertThat(Instant.now()).as("request %s done within 30 s", request).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private static List<Long> totals(Database database) {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT \"n\" FROM \"totals\"")
                .mapTo(Long.class).list());
    }

    /** Waits for a succeeded run of the pipe that counted {@code rows}: the import runs at the same time. */
    private static void awaitRun(RunHistory history, String pipe, long rows) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (history.recent(pipe, 50).stream()
                .noneMatch(run -> run.status() == RunStatus.SUCCEEDED && run.rows() == rows)) {
            assertThat(Instant.now()).as("%s ran with %d rows within 30 s: %s", pipe, rows,
                    history.recent(pipe, 5).stream().map(RunRecord::toString).toList()).isBefore(deadline);
            Thread.sleep(200);
        }
    }
}
