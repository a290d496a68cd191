package dev.pipit.distribution;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipit.distribution.testutil.FaultProxy;
import dev.pipit.distribution.testutil.PageViews;
import dev.pipit.distribution.testutil.PipitProcess;
import dev.pipit.distribution.testutil.TestProjects;
import dev.pipit.distribution.testutil.WideParquetImport;
import dev.pipit.testkit.gcs.FakeTokenEndpoint;
import dev.pipit.testkit.gcs.GcsEmulator;
import dev.pipit.testkit.s3.S3Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/scheduler run} of a project whose connection is {@code TYPE gcs}, against the Firebase Storage
 * emulator on loopback: the product as users run it, with the GCS plugin in its own class loader. HMAC keys go to
 * an S3 server (S3Proxy) instead, since the emulator has no XML API. Parquet is read by ranges, as from S3.
 */
class GcsRunIT {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
    private static final String BUCKET = "landing";

    @RegisterExtension
    static final GcsEmulator EMULATOR = new GcsEmulator();

    @TempDir
    Path dir;

    @BeforeAll
    static void putFiles() throws Exception {
        EMULATOR.put(BUCKET, "page_views/2026-11-01T10.csv", TestProjects.csvBytes(1, 2));
        EMULATOR.put(BUCKET, "page_views/2026-11-01T11.csv", TestProjects.csvBytes(3, 4));
        // Gzipped under a plain .csv name, as buckets often hold them: the core recognises gzip by its bytes.
        EMULATOR.put(BUCKET, "page_views/2026-11-01T12.csv", TestProjects.gzip(TestProjects.csvBytes(5, 6)));
        EMULATOR.put(BUCKET, "page_views/notes.txt", "not imported".getBytes(UTF_8));
    }

    @Test
    void importsEveryFileOnceAndASecondRunImportsNone() throws Exception {
        writeProject("", "@on-demand");

        PipitProcess.Result first = run(Map.of());
        PipitProcess.Result second = run(Map.of());

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("page_views: run", "succeeded", "3 files", "6 rows");
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains("0 files", "0 rows");
        PageViews.assertStored(dir, Map.of(), COMMAND_TIMEOUT, 6, 21);
        JsonNode ledger = PageViews.files(dir, Map.of(), COMMAND_TIMEOUT);
        assertThat(ledger).hasSize(3).allSatisfy(file -> {
            assertThat(file.get("key").asText()).startsWith("gs://landing/page_views/2026-11-01T");
            assertThat(file.get("status").asText()).isEqualTo("imported");
            // The ETag of a GCS object in the ledger is its generation.
            assertThat(file.get("etag").asText()).matches("[1-9][0-9]*");
        });
    }

    @Test
    void anAutoScheduledDataSourceRunsOnRequestWithAServiceAccountKey() throws Exception {
        try (FakeTokenEndpoint tokens = FakeTokenEndpoint.issuing()) {
            writeProject("GCS_SERVICE_ACCOUNT_CREDENTIALS_JSON {{ tb_secret(\"LANDING_KEY\") }}", "@auto");

            PipitProcess.Result result = run(Map.of("LANDING_KEY", tokens.serviceAccountKey("run-key")));

            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("succeeded", "3 files", "6 rows").doesNotContain("PRIVATE KEY");
        }
    }

    @Test
    void aRefusedKeyFailsTheRunNamingTheConnectionAndNeverTheKey() throws Exception {
        try (FakeTokenEndpoint tokens = FakeTokenEndpoint.refusing()) {
            writeProject("GCS_SERVICE_ACCOUNT_CREDENTIALS_JSON {{ tb_secret(\"LANDING_KEY\") }}", "@on-demand");

            PipitProcess.Result result = run(Map.of("LANDING_KEY", tokens.serviceAccountKey("refused-key")));

            assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
            assertThat(result.output()).contains("connection 'landing_gcs': Google refused the credentials for "
                    + "gs://landing/page_views/ (check GCS_SERVICE_ACCOUNT_CREDENTIALS_JSON");
            assertThat(result.output()).doesNotContain("PRIVATE KEY", "refused-key");
        }
    }

    @Test
    void hmacKeysReadTheBucketThroughTheXmlApiWithTheS3PluginsCode() throws Exception {
        String accessId = "GOOG1EPIPITRUNHMACACCESSID";
        String secret = "pipit-run-hmac-secret-0123456789";
        try (S3Server xmlApi = S3Server.withKeys(accessId, secret)) {
            xmlApi.createBucket(BUCKET);
            xmlApi.put(BUCKET, "page_views/a.csv", TestProjects.csvBytes(1, 3));
            writeProject("""
                    GCS_HMAC_ACCESS_ID {{ tb_secret("HMAC_ID") }}
                    GCS_HMAC_SECRET {{ tb_secret("HMAC_SECRET") }}
                    """, "@on-demand", xmlApi.endpoint().toString());

            PipitProcess.Result result = run(Map.of("HMAC_ID", accessId, "HMAC_SECRET", secret));

            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("succeeded", "1 files", "3 rows").doesNotContain(accessId, secret);
        }
    }

    @Test
    void importsTwoColumnsOfAWideParquetFileFetchingOnlyTheirBytes() throws Exception {
        byte[] file = WideParquetImport.write(dir.resolve("wide.parquet"));
        EMULATOR.put("lake", "events/2026-11-01.parquet", file);
        try (FaultProxy proxy = FaultProxy.start(EMULATOR.endpoint())) {
            writeConnection("", proxy.endpoint().toString());
            WideParquetImport.writeDataSource(dir, "landing_gcs", "gs://lake/events/*.parquet");

            WideParquetImport.runFetchingAFraction(dir, Map.of(), file.length, proxy);
        }
    }

    @Test
    void createWritesADataSourceThatChecksAndImportsEveryRowAndConnectionTestNamesARefusedKey() throws Exception {
        writeConnection("", EMULATOR.endpoint().toString());

        PipitProcess.Result tested = command(Map.of(), "connection", "test", "landing_gcs", "--uri",
                "gs://landing/page_views/");
        assertThat(tested.exitCode()).as(tested.output()).isZero();
        assertThat(tested.output()).contains("ok: listed gs://landing/page_views/: 4 objects in the first page");
        PipitProcess.Result created = command(Map.of(), "datasource", "create", "views", "--connection",
                "landing_gcs", "--uri", "gs://landing/page_views/*.csv", "--schedule", "@on-demand");
        assertThat(created.exitCode()).as(created.output()).isZero();
        assertThat(created.output()).contains("(newest of 3 objects matching gs://landing/page_views/*.csv)");
        PipitProcess.Result checked = command(Map.of(), "check");
        assertThat(checked.exitCode()).as(checked.output()).isZero();
        PipitProcess.Result imported = command(Map.of(), "run", "views");
        assertThat(imported.exitCode()).as(imported.output()).isZero();
        assertThat(imported.output()).contains("views: run", "3 files, 6 rows, 0 quarantined");

        try (FakeTokenEndpoint tokens = FakeTokenEndpoint.refusing()) {
            writeConnection("GCS_SERVICE_ACCOUNT_CREDENTIALS_JSON {{ tb_secret(\"LANDING_KEY\") }}",
                    EMULATOR.endpoint().toString());
            PipitProcess.Result refused = command(Map.of("LANDING_KEY", tokens.serviceAccountKey("refused-key")),
                    "connection", "test", "landing_gcs");
            assertThat(refused.exitCode()).as(refused.output()).isEqualTo(1);
            assertThat(refused.output()).contains("failed: gs://landing/page_views/*.csv: connection 'landing_gcs': "
                    + "Google refused the credentials", "identity needs storage.objects.list")
                    .doesNotContain("PRIVATE KEY", "refused-key");
        }
    }

    private PipitProcess.Result command(Map<String, String> environment, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--project", dir.toString()));
        return PipitProcess.run(dir, environment, COMMAND_TIMEOUT, all.toArray(String[]::new));
    }

    private PipitProcess.Result run(Map<String, String> environment) throws Exception {
        return PipitProcess.run(dir, environment, COMMAND_TIMEOUT, "run", "page_views", "--project", dir.toString());
    }

    private void writeProject(String credentials, String schedule) throws IOException {
        writeProject(credentials, schedule, EMULATOR.endpoint().toString());
    }

    private void writeProject(String credentials, String schedule, String endpoint) throws IOException {
        writeConnection(credentials, endpoint);
        Files.createDirectories(dir.resolve("datasources"));
        Files.writeString(dir.resolve("datasources/page_views.datasource"), TestProjects.SCHEMA + """

                IMPORT_CONNECTION_NAME landing_gcs
                IMPORT_BUCKET_URI gs://landing/page_views/*.csv
                IMPORT_SCHEDULE %s
                IMPORT_STRATEGY APPEND
                """.formatted(schedule));
    }

    private void writeConnection(String credentials, String endpoint) throws IOException {
        Files.createDirectories(dir.resolve("connections"));
        Files.writeString(dir.resolve("connections/landing_gcs.connection"), """
                TYPE gcs
                GCS_ENDPOINT %s
                %s
                """.formatted(endpoint, credentials));
    }
}
