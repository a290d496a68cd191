package dev.pipit.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.distribution.testutil.TestProjects;
import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.history.RunStatus;
import dev.pipit.scheduler.history.RunTrigger;
import dev.pipit.scheduler.ledger.DiscoveredFile;
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
import dev.pipit.testkit.s3.S3Server;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data source whose bucket does not exist (a typo in the URI, a bucket deleted since its files were discovered)
 * stops its run with a configuration error that names the bucket and the connection, and the files the ledger
 * already holds stay pending, untouched, for the run after the bucket is back.
 */
class MissingBucketRunTest {
    @TempDir
    Path dir;

    @Test
    void aRunOfAMissingBucketFailsNamingItAndLeavesItsFilesPending() throws Exception {
        try (S3Server s3 = S3Server.withKeys();
                Database database = Database.open(PipitConfig.of(Backend.H2.freshSettings()), dir)) {
            TestProjects.s3Project(dir, s3.endpoint(), "s3://vanished/in/*.csv", "", "");
            PluginRegistry plugins = PluginRegistry.forInstallation();
            Project project = new ProjectLoader(plugins, new SecretResolver(Map.of("LANDING_KEY", S3Server.ACCESS_KEY,
                    "LANDING_SECRET", S3Server.SECRET), Map.of())).load(dir);
            assertThat(project.errors()).isEmpty();
            FileLedger ledger = new FileLedger(database.jdbi());
            database.jdbi().useTransaction(handle -> ledger.recordDiscovered(handle, "page_views", List.of(
                    new DiscoveredFile("vanished", "in/a.csv", "s3://vanished/in/a.csv", 10, "e1", Instant.now()))));

            RunRecord run;
            try (ImportRunner runner = new ImportRunner(database, plugins, project,
                    new RunLimits(RunLimits.DEFAULT_AUTO_INTERVAL, 5, 1000), "node")) {
                run = runner.run("page_views", RunTrigger.MANUAL, RunListener.NONE, () -> false);
            }

            assertThat(run.status()).isEqualTo(RunStatus.FAILED);
            assertThat(run.error()).contains("connection 'landing_s3': bucket 'vanished' does not exist",
                    "check the bucket in the data source's URI");
            assertThat(ledger.list("page_views", null, 0)).singleElement().satisfies(file -> {
                assertThat(file.status()).isEqualTo(FileStatus.PENDING);
                assertThat(file.attempts()).isZero();
                assertThat(file.error()).isNull();
            });
        }
    }
}
