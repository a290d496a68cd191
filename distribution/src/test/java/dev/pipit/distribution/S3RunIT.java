package dev.pipit.distribution;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.distribution.testutil.PageViews;
import dev.pipit.distribution.testutil.PipitProcess;
import dev.pipit.distribution.testutil.TestProjects;
import dev.pipit.testkit.s3.S3Server;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/scheduler run} of a project whose connection is {@code TYPE s3}, against S3Proxy on loopback: the
 * product as users run it, with the S3 plugin in its own class loader and the keys from {@code tb_secret()}.
 */
class S3RunIT {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
    private static final String BUCKET = "landing";

    private static S3Server server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3Server.withKeys();
        server.createBucket(BUCKET);
        server.put(BUCKET, "page_views/2026-11-01T10.csv", TestProjects.csvBytes(1, 2));
        server.put(BUCKET, "page_views/2026-11-01T11.csv", TestProjects.csvBytes(3, 4));
        // Gzipped under a plain .csv name, as buckets often hold them: the core recognises gzip by its bytes.
        server.put(BUCKET, "page_views/2026-11-01T12.csv", TestProjects.gzip(TestProjects.csvBytes(5, 6)));
        server.put(BUCKET, "page_views/notes.txt", "not imported".getBytes(UTF_8));
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Test
    void importsEveryFileOnceAndASecondRunImportsNone() throws Exception {
        writeProject();
        Map<String, String> environment = Map.of("LANDING_KEY", S3Server.ACCESS_KEY, "LANDING_SECRET", S3Server.SECRET);

        PipitProcess.Result first = run(environment);
        PipitProcess.Result second = run(environment);

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("page_views: run", "succeeded", "3 files", "6 rows");
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains("0 files", "0 rows");
        PageViews.assertStored(dir, environment, COMMAND_TIMEOUT, 6, 21);
        assertThat(first.output() + second.output()).doesNotContain(S3Server.ACCESS_KEY, S3Server.SECRET);
    }

    @Test
    void wrongCredentialsFailTheRunNamingTheConnectionAndNeverTheSecret() throws Exception {
        writeProject();
        String wrongSecret = "wrong-secret-that-must-never-be-printed";
        Map<String, String> environment = Map.of("LANDING_KEY", S3Server.ACCESS_KEY, "LANDING_SECRET", wrongSecret);

        PipitProcess.Result result = run(environment);

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("connection 'landing_s3': access denied to s3://landing/page_views/ "
                + "(check S3_ACCESS_KEY / S3_SECRET or the role's policy)");
        assertThat(result.output()).doesNotContain(wrongSecret, S3Server.ACCESS_KEY, S3Server.SECRET);
    }

    @Test
    void listingAfterTheLastKeyImportsOnlyKeysThatSortAfterIt() throws Exception {
        server.createBucket("partitioned");
        server.put("partitioned", "day=02/a.csv", TestProjects.csvBytes(1, 1));
        writeProject("s3://partitioned/day=*/*.csv", "IMPORT_LIST_AFTER_LAST_KEY true\n");
        Map<String, String> environment = Map.of("LANDING_KEY", S3Server.ACCESS_KEY, "LANDING_SECRET", S3Server.SECRET);
        PipitProcess.Result first = run(environment);
        // A late file for an earlier day is not listed any more: the documented price of the setting.
        server.put("partitioned", "day=01/late.csv", TestProjects.csvBytes(2, 2));
        server.put("partitioned", "day=03/a.csv", TestProjects.csvBytes(3, 3));

        PipitProcess.Result second = run(environment);

        assertThat(first.output()).as(first.output()).contains("1 files", "1 rows");
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains("1 files", "1 rows");
        PipitProcess.Result files = PipitProcess.run(dir, environment, COMMAND_TIMEOUT,
                "files", "page_views", "--json", "--project", dir.toString());
        assertThat(files.stdout()).contains("s3://partitioned/day=02/a.csv", "s3://partitioned/day=03/a.csv")
                .doesNotContain("late.csv");
    }

    @Test
    void aLateKeySortingBeforeEveryImportedKeyIsImportedByTheDefaultListing() throws Exception {
        server.createBucket("late");
        server.put("late", "day=02/a.csv", TestProjects.csvBytes(1, 1));
        writeProject("s3://late/day=*/*.csv", "");
        Map<String, String> environment = Map.of("LANDING_KEY", S3Server.ACCESS_KEY, "LANDING_SECRET", S3Server.SECRET);
        run(environment);
        server.put("late", "day=01/late.csv", TestProjects.csvBytes(2, 2));

        PipitProcess.Result second = run(environment);

        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains("1 files", "1 rows");
        PipitProcess.Result files = PipitProcess.run(dir, environment, COMMAND_TIMEOUT,
                "files", "page_views", "--json", "--project", dir.toString());
        assertThat(files.stdout()).contains("s3://late/day=01/late.csv", "s3://late/day=02/a.csv");
    }

    @Test
    void importFromTimestampSkipsObjectsModifiedBeforeIt() throws Exception {
        server.createBucket("dated");
        server.put("dated", "old.csv", TestProjects.csvBytes(1, 1));
        // Last-Modified has whole seconds: the threshold must fall in a later second than the old object's.
        Thread.sleep(1_100);
        Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        server.put("dated", "new.csv", TestProjects.csvBytes(2, 2));
        writeProject("s3://dated/*.csv", "IMPORT_FROM_TIMESTAMP " + from + "\n");
        Map<String, String> environment = Map.of("LANDING_KEY", S3Server.ACCESS_KEY, "LANDING_SECRET", S3Server.SECRET);

        PipitProcess.Result result = run(environment);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("1 files", "1 rows");
        PipitProcess.Result files = PipitProcess.run(dir, environment, COMMAND_TIMEOUT,
                "files", "page_views", "--json", "--project", dir.toString());
        assertThat(files.stdout()).contains("s3://dated/new.csv").doesNotContain("old.csv");
    }

    @Test
    void importOnOverwriteImportsEachNewVersionOnce() throws Exception {
        server.createBucket("rewritten");
        server.put("rewritten", "a.csv", TestProjects.csvBytes(1, 1));
        writeProject("s3://rewritten/*.csv", "IMPORT_ON_OVERWRITE import\n");
        Map<String, String> environment = Map.of("LANDING_KEY", S3Server.ACCESS_KEY, "LANDING_SECRET", S3Server.SECRET);
        run(environment);
        server.put("rewritten", "a.csv", TestProjects.csvBytes(2, 3));

        PipitProcess.Result second = run(environment);
        PipitProcess.Result third = run(environment);

        assertThat(second.output()).as(second.output()).contains("1 files", "2 rows");
        assertThat(third.output()).as(third.output()).contains("0 files", "0 rows");
        PageViews.assertStored(dir, environment, COMMAND_TIMEOUT, 3, 6);
        assertThat(PageViews.files(dir, environment, COMMAND_TIMEOUT).get(0).get("generation").asInt()).isEqualTo(2);
    }

    private PipitProcess.Result run(Map<String, String> environment) throws Exception {
        return PipitProcess.run(dir, environment, COMMAND_TIMEOUT, "run", "page_views", "--project", dir.toString());
    }

    private void writeProject() throws IOException {
        writeProject("s3://landing/page_views/*.csv", "");
    }

    private void writeProject(String bucketUri, String dataSourceExtras) throws IOException {
        TestProjects.s3Project(dir, server.endpoint(), bucketUri, "", dataSourceExtras);
    }
}
