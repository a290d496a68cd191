package dev.pipit.distribution;

import static dev.pipit.distribution.testutil.TestProjects.csv;
import static dev.pipit.distribution.testutil.TestProjects.project;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.distribution.testutil.FaultProxy;
import dev.pipit.distribution.testutil.PipitProcess;
import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.daemon.Daemon;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunHistory;
import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.history.RunStatus;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.project.ProjectLoader;
import dev.pipit.scheduler.project.SecretResolver;
import dev.pipit.testkit.s3.S3Server;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A scheduled sink whose store refuses a part in the middle of a multipart upload (through a proxy that answers S3's
 * 500 to every attempt): the run fails with the store's answer, its upload is aborted and never completed, so no
 * object appears under the final name, and the next firing exports the whole file.
 */
class SinkRecoveryTest {
    private static final int ROWS = 9_000;

    @TempDir
    Path dir;

    @Test
    void aPartRefusedMidExportFailsTheRunWithoutAnObjectAndTheNextFiringWritesItWhole() throws Exception {
        try (S3Server server = S3Server.withKeys(); FaultProxy proxy = FaultProxy.start(server.endpoint())) {
            server.createBucket("exports");
            project(dir, "events", "@auto");
            csv(dir, "events", "a.csv", 1, ROWS, Instant.parse("2026-11-01T00:00:00Z"));
            Files.writeString(dir.resolve("connections/landing_s3.connection"), """
                    TYPE s3
                    S3_REGION %s
                    S3_ACCESS_KEY {{ tb_secret("LANDING_KEY") }}
                    S3_SECRET {{ tb_secret("LANDING_SECRET") }}
                    S3_ENDPOINT %s
                    S3_PATH_STYLE true
                    S3_MAX_ATTEMPTS 2
                    """.formatted(S3Server.REGION, proxy.endpoint()));
            Files.createDirectories(dir.resolve("pipes"));
            // About 11 MB of CSV: two parts of a multipart upload, the second one sent on commit.
            Files.writeString(dir.resolve("pipes/wide.pipe"), """
                    NODE wide
                    SQL >
                        SELECT id, REPEAT(name, 120) AS padded FROM events ORDER BY id

                    TYPE SINK
                    EXPORT_CONNECTION_NAME landing_s3
                    EXPORT_BUCKET_URI s3://exports/wide/
                    EXPORT_FILE_TEMPLATE all_events
                    EXPORT_STRATEGY truncate
                    EXPORT_SCHEDULE '*/3 * * * * ?'
                    """);
            proxy.injectAlways("partNumber=2", FaultProxy.Fault.STATUS_500);
            PipitConfig config = PipitConfig.of(Map.of(
                    "db.url", "jdbc:h2:mem:" + UUID.randomUUID(),
                    "node.id", "sink-node",
                    "jmx.port", Integer.toString(PipitProcess.freePort())));
            PluginRegistry plugins = PluginRegistry.forInstallation();
            Project project = new ProjectLoader(plugins, new SecretResolver(Map.of("LANDING_KEY", S3Server.ACCESS_KEY,
                    "LANDING_SECRET", S3Server.SECRET), Map.of())).load(dir);
            assertThat(project.errors()).isEmpty();

            try (Database database = Database.open(config, dir)) {
                RunHistory history = new RunHistory(database.jdbi());
                try (Daemon daemon = Daemon.start(config, project, plugins)) {
                    // The import runs beside the first firings, which may find no table or no rows yet.
                    RunRecord failed = await(history, run -> run.status() == RunStatus.FAILED
                            && run.error().contains("S3 answered") && run.error().contains("(HTTP 500)"));
                    assertThat(failed.error()).contains("s3://exports/wide/all_events.csv");
                    assertThat(objects(server)).isEmpty();

                    proxy.clear();
                    RunRecord succeeded = await(history, run -> run.status() == RunStatus.SUCCEEDED
                            && run.rows() == ROWS);
                    assertThat(succeeded.id()).isGreaterThan(failed.id());
                }
            }
            assertThat(objects(server)).containsExactly("wide/all_events.csv");
            assertThat(server.admin().listMultipartUploads(request -> request.bucket("exports")).uploads())
                    .as("uploads left behind: every failed run aborted its own").isEmpty();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(server.admin().getObject(
                    request -> request.bucket("exports").key("wide/all_events.csv")), StandardCharsets.UTF_8))) {
                assertThat(lines.lines().count()).isEqualTo(ROWS + 1);
            }
        }
    }

    /** The first run of the pipe that {@code wanted} accepts, once there is one. */
    private static RunRecord await(RunHistory history, Predicate<RunRecord> wanted) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            Optional<RunRecord> found = history.recent("wide", 50).stream().filter(wanted).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            assertThat(Instant.now()).as("the run awaited within 30 s: %s", history.recent("wide", 5))
                    .isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private static List<String> objects(S3Server server) {
        return server.admin().listObjectsV2(request -> request.bucket("exports")).contents().stream()
                .map(S3Object::key).toList();
    }
}
