package dev.pipit.distribution;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipit.distribution.testutil.FaultProxy;
import dev.pipit.distribution.testutil.FaultProxy.Fault;
import dev.pipit.distribution.testutil.PageViews;
import dev.pipit.distribution.testutil.PipitProcess;
import dev.pipit.distribution.testutil.TestProjects;
import dev.pipit.distribution.testutil.WideParquetImport;
import dev.pipit.testkit.azure.Azurite;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/scheduler run} of a project whose connection is {@code TYPE azure}, against Azurite on loopback: the
 * product as users run it, with the Azure plugin in its own class loader and the account key from
 * {@code tb_secret()}. CSV and NDJSON are read whole, Parquet by ranges.
 */
class AzureRunIT {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
    private static final String CONTAINER = "landing";
    private static final Map<String, String> ACCOUNT_KEY = Map.of("LANDING_KEY", Azurite.ACCOUNT_KEY);

    @RegisterExtension
    static final Azurite AZURITE = new Azurite();

    @TempDir
    Path dir;

    @BeforeAll
    static void putFiles() {
        AZURITE.createContainer(CONTAINER);
        AZURITE.put(CONTAINER, "page_views/2026-11-01T10.csv", TestProjects.csvBytes(1, 2));
        AZURITE.put(CONTAINER, "page_views/2026-11-01T11.ndjson", """
                {"id": 3, "name": "name 3", "amount": 3.5}
                {"id": 4, "name": "name 4", "amount": 4.5}
                """);
        // Gzipped under a plain .csv name, as containers often hold them: the core recognises gzip by its bytes.
        AZURITE.put(CONTAINER, "page_views/2026-11-01T12.csv", TestProjects.gzip(TestProjects.csvBytes(5, 6)));
        AZURITE.put(CONTAINER, "page_views/notes.txt", "not imported".getBytes(UTF_8));
    }

    @Test
    void importsCsvAndNdjsonOnceAndASecondRunImportsNone() throws Exception {
        writeProject("az://landing/page_views/2026-*", withAccountKey(AZURITE.endpoint().toString()));

        PipitProcess.Result first = run(ACCOUNT_KEY);
        PipitProcess.Result second = run(ACCOUNT_KEY);

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("page_views: run", "succeeded", "3 files", "6 rows")
                .doesNotContain(Azurite.ACCOUNT_KEY)
                // The SDK's Content-Length: 0, which the JDK's client would warn about on every request.
                .doesNotContain("restricted");
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains("0 files", "0 rows");
        PageViews.assertStored(dir, Map.of(), COMMAND_TIMEOUT, 6, 21);
        JsonNode ledger = PageViews.files(dir, Map.of(), COMMAND_TIMEOUT);
        assertThat(ledger).hasSize(3).allSatisfy(file -> {
            assertThat(file.get("key").asText()).startsWith("az://landing/page_views/2026-11-01T");
            assertThat(file.get("status").asText()).isEqualTo("imported");
            // Azure's ETag, which every read of the file asked for.
            assertThat(file.get("etag").asText()).startsWith("0x");
        });
    }

    @Test
    void aWrongKeyFailsTheRunNamingTheConnectionAndNeverTheKey() throws Exception {
        String wrongKey = Base64.getEncoder().encodeToString("a key that is not the account's".getBytes(UTF_8));
        writeProject("az://landing/page_views/2026-*", withAccountKey(AZURITE.endpoint().toString()));

        PipitProcess.Result result = run(Map.of("LANDING_KEY", wrongKey));

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("connection 'landing_azure': access denied to "
                + "az://landing/page_views/2026- (check AZURE_ACCOUNT_KEY");
        assertThat(result.output()).doesNotContain(wrongKey, Azurite.ACCOUNT_KEY);
    }

    /**
     * The commands that look before deploying know no store: the Azure connector's own URI schemes and addresses
     * are all {@code connection test}, {@code datasource analyze} and {@code datasource preview} need.
     */
    @Test
    void connectionTestAnalyzeAndPreviewReadAContainerThroughTheConnector() throws Exception {
        writeProject("az://landing/page_views/2026-*", withAccountKey(AZURITE.endpoint().toString()));

        PipitProcess.Result test = command(ACCOUNT_KEY, "connection", "test", "landing_azure");
        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.stdout()).contains("ok: listed az://landing/page_views/2026-: 3 objects in the first page, "
                + "3 matching az://landing/page_views/2026-*");
        PipitProcess.Result abfss = command(ACCOUNT_KEY, "connection", "test", "landing_azure", "--uri",
                "abfss://landing@" + Azurite.ACCOUNT + ".dfs.core.windows.net/page_views/");
        assertThat(abfss.exitCode()).as(abfss.output()).isZero();
        assertThat(abfss.stdout()).contains("4 objects in the first page, 4 matching");

        PipitProcess.Result analyze = command(ACCOUNT_KEY, "datasource", "analyze", "az://landing/page_views/*.ndjson",
                "--connection", "landing_azure", "--json");
        assertThat(analyze.exitCode()).as(analyze.output()).isZero();
        JsonNode analysis = new ObjectMapper().readTree(analyze.stdout());
        assertThat(analysis.get("source").asText()).isEqualTo("az://landing/page_views/2026-11-01T11.ndjson");
        assertThat(analysis.at("/columns/2/type").asText()).isEqualTo("Float64");

        PipitProcess.Result preview = command(ACCOUNT_KEY, "datasource", "preview", "page_views");
        assertThat(preview.exitCode()).as(preview.output()).isZero();
        assertThat(preview.stdout()).contains("az://landing/page_views/2026-11-01T1", "Nothing was written.");

        String wrongKey = Base64.getEncoder().encodeToString("a key that is not the account's".getBytes(UTF_8));
        PipitProcess.Result refused = command(Map.of("LANDING_KEY", wrongKey), "connection", "test", "landing_azure");
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(1);
        assertThat(refused.output()).contains("failed: az://landing/page_views/2026-*: connection 'landing_azure': "
                + "access denied", "cause: the connection's settings are refused", "Storage Blob Data Reader")
                .doesNotContain(wrongKey, Azurite.ACCOUNT_KEY);
    }

    /**
     * A SAS token travels in every request's URL, so it is the credential most likely to reach a log line: at
     * DEBUG, through a run that succeeds and one refused for want of the list permission, neither the token nor
     * its signature (as written and decoded) appears in what Pipit printed or in the database file.
     */
    @Test
    void aSasTokenAppearsInNoOutputAtDebugLevelAndNowhereInTheDatabase() throws Exception {
        String token = AZURITE.sasToken(CONTAINER, "rl", Duration.ofHours(1));
        String readOnly = AZURITE.sasToken(CONTAINER, "r", Duration.ofHours(1));
        writeProject("az://landing/page_views/2026-*", """
                AZURE_ENDPOINT %s
                AZURE_SAS_TOKEN {{ tb_secret("LANDING_SAS") }}
                """.formatted(AZURITE.endpoint()));
        List<String> outputs = new ArrayList<>();

        PipitProcess.Result refused = run(Map.of("LANDING_SAS", readOnly, "PIPIT_LOG_LEVEL", "DEBUG"));
        PipitProcess.Result imported = run(Map.of("LANDING_SAS", token, "PIPIT_LOG_LEVEL", "DEBUG"));
        outputs.add(refused.output());
        outputs.add(imported.output());
        for (String admin : List.of("check", "history", "files page_views")) {
            List<String> args = new ArrayList<>(List.of(admin.split(" ")));
            args.addAll(List.of("--json", "--project", dir.toString()));
            outputs.add(PipitProcess.run(dir, Map.of("LANDING_SAS", token), COMMAND_TIMEOUT,
                    args.toArray(String[]::new)).output());
        }

        assertThat(refused.output()).contains("access denied to az://landing/page_views/2026- (check AZURE_SAS_TOKEN");
        assertThat(imported.exitCode()).as(imported.output()).isZero();
        String printed = String.join("\n", outputs);
        assertThat(printed).contains(" DEBUG ", "3 files");
        byte[] database = databaseBytes();
        for (String sas : List.of(token, readOnly)) {
            String signature = sas.replaceFirst(".*sig=([^&]*).*", "$1");
            for (String form : List.of(sas, signature, URLDecoder.decode(signature, UTF_8))) {
                assertThat(printed).as("printed output").doesNotContain(form);
                assertThat(new String(database, ISO_8859_1)).as("the database file").doesNotContain(form);
            }
        }
    }

    @Test
    void listsPastFiveThousandBlobsToTheFilesAfterThem() throws Exception {
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        for (int i = 0; i < 5_000; i++) {
            blobs.put("page_views/a-%05d.txt".formatted(i), new byte[] {'x'});
        }
        blobs.put("page_views/z-1.csv", TestProjects.csvBytes(1, 2));
        blobs.put("page_views/z-2.csv", TestProjects.csvBytes(3, 5));
        AZURITE.createContainer("many");
        AZURITE.putAll("many", blobs);
        writeProject("az://many/page_views/*.csv", withAccountKey(AZURITE.endpoint().toString()));

        PipitProcess.Result result = run(ACCOUNT_KEY);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("succeeded", "2 files", "5 rows");
    }

    @Test
    void aThrottledReadIsRetriedByTheSdkAndTheRunSucceeds() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(AZURITE.endpoint().resolve("/"))) {
            // The SDK writes a blob's '/' as %2F in its path.
            proxy.inject("GET /" + Azurite.ACCOUNT + "/landing/page_views%2F2026-11-01T11.ndjson", Fault.STATUS_503, 1);
            writeProject("az://landing/page_views/2026-*", withAccountKey(proxy.endpoint() + "/" + Azurite.ACCOUNT));

            PipitProcess.Result result = run(ACCOUNT_KEY);

            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("succeeded", "3 files", "6 rows");
            assertThat(proxy.injected(Fault.STATUS_503)).isEqualTo(1);
        }
    }

    @Test
    void importsTwoColumnsOfAWideParquetFileFetchingOnlyTheirBytes() throws Exception {
        byte[] file = WideParquetImport.write(dir.resolve("wide.parquet"));
        AZURITE.createContainer("lake");
        AZURITE.put("lake", "events/2026-11-01.parquet", file);
        try (FaultProxy proxy = FaultProxy.start(AZURITE.endpoint().resolve("/"))) {
            writeConnection(withAccountKey(proxy.endpoint() + "/" + Azurite.ACCOUNT));
            // The form Spark and Databricks write, naming the connection's account.
            WideParquetImport.writeDataSource(dir, "landing_azure",
                    "abfss://lake@" + Azurite.ACCOUNT + ".dfs.core.windows.net/events/*.parquet");

            WideParquetImport.runFetchingAFraction(dir, ACCOUNT_KEY, file.length, proxy);
        }
    }

    private PipitProcess.Result run(Map<String, String> environment) throws Exception {
        return command(environment, "run", "page_views");
    }

    private PipitProcess.Result command(Map<String, String> environment, String... arguments) throws Exception {
        List<String> all = new ArrayList<>(List.of(arguments));
        all.addAll(List.of("--project", dir.toString()));
        return PipitProcess.run(dir, environment, COMMAND_TIMEOUT, all.toArray(String[]::new));
    }

    /** @param connection the connection's settings after its TYPE line */
    private void writeProject(String bucketUri, String connection) throws IOException {
        writeConnection(connection);
        Files.createDirectories(dir.resolve("datasources"));
        Files.writeString(dir.resolve("datasources/page_views.datasource"), TestProjects.SCHEMA + """

                IMPORT_CONNECTION_NAME landing_azure
                IMPORT_BUCKET_URI %s
                IMPORT_SCHEDULE @on-demand
                IMPORT_STRATEGY APPEND
                """.formatted(bucketUri));
    }

    private byte[] databaseBytes() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("data"))) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (Path file : files.toList()) {
                all.writeBytes(Files.readAllBytes(file));
            }
            return all.toByteArray();
        }
    }

    private void writeConnection(String connection) throws IOException {
        Files.createDirectories(dir.resolve("connections"));
        Files.writeString(dir.resolve("connections/landing_azure.connection"), "TYPE azure\n" + connection);
    }

    /** The development account with its key from {@code tb_secret()}, at {@code endpoint}. */
    private static String withAccountKey(String endpoint) {
        return """
                AZURE_STORAGE_ACCOUNT %s
                AZURE_ACCOUNT_KEY {{ tb_secret("LANDING_KEY") }}
                AZURE_ENDPOINT %s
                """.formatted(Azurite.ACCOUNT, endpoint);
    }
}
