package dev.pipit.distribution;

import static dev.pipit.distribution.testutil.TestProjects.csv;
import static dev.pipit.distribution.testutil.TestProjects.project;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipit.distribution.testutil.Cli;
import dev.pipit.distribution.testutil.FaultProxy;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.spi.format.FormatFactory;
import dev.pipit.spi.format.FormatOptions;
import dev.pipit.spi.format.FormatReader;
import dev.pipit.spi.format.SourceRow;
import dev.pipit.scheduler.cli.ExitCodes;
import dev.pipit.testkit.db.Backend;
import dev.pipit.testkit.parquet.FileInput;
import dev.pipit.testkit.s3.S3Server;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Sink pipes run from the command line as a person runs them, with the real local and S3 plugins, on H2 and
 * PostgreSQL: multi-node SQL with a parameter, partitioned files whose content reads back equal to the query, and
 * an upload the store refuses, which leaves no object behind.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class SinkPipeTest {
    private static final String MULTI_NODE_PIPE = """
            DESCRIPTION >
                Events by parity.

            NODE picked
            SQL >
                %%
                SELECT id, name, amount, CASE WHEN MOD(id, 2) = 0 THEN 'even' ELSE 'odd' END AS parity
                FROM events
                WHERE id >= {{ Int64(min_id, 1) }}

            NODE result
            SQL >
                SELECT parity, id, name, amount FROM picked ORDER BY id

            TYPE SINK
            EXPORT_CONNECTION_NAME %s
            EXPORT_BUCKET_URI %s
            EXPORT_FILE_TEMPLATE %s
            EXPORT_FORMAT %s
            EXPORT_COMPRESSION %s
            EXPORT_SCHEDULE @on-demand
            """;

    @Parameter
    Backend backend;

    @TempDir
    Path dir;

    @BeforeEach
    void importEvents() throws IOException {
        project(dir, "events", "@on-demand");
        csv(dir, "events", "a.csv", 1, 20, Instant.parse("2026-11-01T00:00:00Z"));
        StringBuilder config = new StringBuilder();
        // Every command opens the database anew, so H2 must be a file, not a memory that ends with the command.
        Map<String, String> settings = backend == Backend.H2
                ? Map.of("db.url", "jdbc:h2:file:" + dir.resolve("data/pipit")) : backend.freshSettings();
        settings.forEach((key, value) -> config.append(key).append('=').append(value).append('\n'));
        Files.writeString(dir.resolve("pipit.properties"), config);
        Files.writeString(dir.resolve("secrets.properties"), "LANDING_KEY=" + S3Server.ACCESS_KEY + "\nLANDING_SECRET="
                + S3Server.SECRET + "\n");
        assertThat(execute("run", "events").exit()).isZero();
    }

    @Test
    void aParameterizedMultiNodeSinkWritesOneCsvFilePerPartitionAndNeverOverwrites() throws IOException {
        Files.createDirectories(dir.resolve("pipes"));
        Files.writeString(dir.resolve("pipes/by_parity.pipe"), MULTI_NODE_PIPE.formatted("inbox", "file://./exports/",
                "events_{parity}", "csv", "none"));

        Cli.Result first = execute("sink", "run", "by_parity", "--param", "min_id=11", "--wait");
        Cli.Result second = execute("sink", "run", "by_parity", "--param", "min_id=11");
        Cli.Result listed = execute("pipe", "ls", "--json");

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("by_parity: run ").contains("succeeded, 10 rows, 2 files");
        assertThat(Files.readAllLines(dir.resolve("exports/events_even.csv")))
                .containsExactlyElementsOf(expectedCsv("even", 11, 20));
        assertThat(Files.readAllLines(dir.resolve("exports/events_odd.csv")))
                .containsExactlyElementsOf(expectedCsv("odd", 11, 20));
        assertThat(second.exit()).isEqualTo(ExitCodes.FAILED);
        assertThat(second.out()).contains("failed", "exports/events_odd.csv exists already, and EXPORT_STRATEGY new "
                + "never overwrites");
        try (Stream<Path> files = Files.list(dir.resolve("exports"))) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("events_even.csv", "events_odd.csv");
        }
        JsonNode pipes = new ObjectMapper().readTree(listed.out());
        assertThat(pipes.get(0).get("name").asText()).isEqualTo("by_parity");
        assertThat(pipes.get(0).get("type").asText()).isEqualTo("sink");
        assertThat(pipes.get(0).get("last_status").asText()).isEqualTo("failed");
    }

    @Test
    void anUploadTheStoreRefusesLeavesNoObjectAndTheNextRunWritesIt() throws Exception {
        try (S3Server server = S3Server.withKeys(); FaultProxy proxy = FaultProxy.start(server.endpoint())) {
            server.createBucket("exports");
            s3Connection(proxy.endpoint());
            Files.createDirectories(dir.resolve("pipes"));
            Files.writeString(dir.resolve("pipes/by_parity.pipe"), MULTI_NODE_PIPE.formatted("landing_s3",
                    "s3://exports/daily/", "'{parity}/part'", "ndjson", "gz"));
            proxy.injectAlways("PUT /exports/", FaultProxy.Fault.STATUS_500);

            Cli.Result refused = execute("sink", "run", "by_parity");

            assertThat(refused.exit()).isEqualTo(ExitCodes.FAILED);
            assertThat(refused.out()).contains("by_parity: run", "failed", "s3://exports/daily/");
            assertThat(objects(server)).isEmpty();

            // The proxy still refuses every PUT: the next run writes to the store directly.
            s3Connection(server.endpoint());
            Cli.Result written = execute("sink", "run", "by_parity", "--json");

            assertThat(written.exit()).as(written.out() + written.err()).isZero();
            JsonNode run = new ObjectMapper().readTree(written.out());
            assertThat(run.get("status").asText()).isEqualTo("succeeded");
            assertThat(run.get("rows").asLong()).isEqualTo(20);
            assertThat(run.get("files")).extracting(JsonNode::asText)
                    .containsExactly("s3://exports/daily/odd/part.ndjson.gz", "s3://exports/daily/even/part.ndjson.gz");
            assertThat(objects(server))
                    .containsExactlyInAnyOrder("daily/even/part.ndjson.gz", "daily/odd/part.ndjson.gz");
            List<JsonNode> even = ndjson(server, "daily/even/part.ndjson.gz");
            assertThat(even).hasSize(10);
            assertThat(even.get(0).get("parity").asText()).isEqualTo("even");
            assertThat(even.get(0).get("id").asLong()).isEqualTo(2);
            assertThat(even.get(0).get("name").asText()).isEqualTo("name 2");
            assertThat(even.get(0).get("amount").asDouble()).isEqualTo(0.2);
            assertThat(written.out() + refused.out()).doesNotContain(S3Server.SECRET, S3Server.ACCESS_KEY);
        }
    }

    @Test
    void aParquetSinkWritesTypedColumnsThatReadBackEqualToTheQuery() throws Exception {
        try (S3Server server = S3Server.withKeys()) {
            server.createBucket("exports");
            s3Connection(server.endpoint());
            Files.createDirectories(dir.resolve("pipes"));
            Files.writeString(dir.resolve("pipes/typed.pipe"), """
                    NODE typed
                    SQL >
                        SELECT CASE WHEN MOD(id, 2) = 0 THEN 'even' ELSE 'odd' END AS parity, id, name, amount,
                            CAST(amount AS DECIMAL(10, 2)) AS price, CAST('2026-11-01' AS DATE) AS sold_on,
                            CAST('2026-11-01 10:30:00' AS TIMESTAMP) AS sold_at
                        FROM events ORDER BY id

                    TYPE SINK
                    EXPORT_CONNECTION_NAME landing_s3
                    EXPORT_BUCKET_URI s3://exports/typed/
                    EXPORT_FILE_TEMPLATE '{parity}'
                    EXPORT_FORMAT parquet
                    EXPORT_COMPRESSION gz
                    """);

            Cli.Result run = execute("sink", "run", "typed");

            assertThat(run.exit()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("succeeded, 20 rows, 2 files");
            assertThat(objects(server)).containsExactlyInAnyOrder("typed/even.parquet", "typed/odd.parquet");
            List<List<Object>> even = parquetRows(server, "typed/even.parquet");
            assertThat(even).hasSize(10);
            for (int i = 0; i < even.size(); i++) {
                long id = 2L * (i + 1);
                assertThat(even.get(i).subList(0, 6)).containsExactly("even", id, "name " + id, (id % 1000) / 10.0,
                        BigDecimal.valueOf((id % 1000) / 10.0).setScale(2), LocalDate.of(2026, 11, 1));
                assertThat(even.get(i).get(6).toString()).isEqualTo("2026-11-01T10:30");
            }
            assertThat(parquetRows(server, "typed/odd.parquet")).hasSize(10)
                    .allSatisfy(row -> assertThat(row.get(0)).isEqualTo("odd"));
        }
    }

    private void s3Connection(java.net.URI endpoint) throws IOException {
        Files.writeString(dir.resolve("connections/landing_s3.connection"), """
                TYPE s3
                S3_REGION %s
                S3_ACCESS_KEY {{ tb_secret("LANDING_KEY") }}
                S3_SECRET {{ tb_secret("LANDING_SECRET") }}
                S3_ENDPOINT %s
                S3_PATH_STYLE true
                """.formatted(S3Server.REGION, endpoint));
    }

    private static List<String> expectedCsv(String parity, long firstId, long lastId) {
        List<String> lines = new ArrayList<>(List.of("parity,id,name,amount"));
        for (long id = firstId; id <= lastId; id++) {
            if ((id % 2 == 0) == parity.equals("even")) {
                lines.add(parity + "," + id + ",name " + id + "," + (id % 1000) / 10.0);
            }
        }
        return lines;
    }

    private static List<String> objects(S3Server server) {
        return server.admin().listObjectsV2(request -> request.bucket("exports")).contents().stream()
                .map(S3Object::key).collect(Collectors.toList());
    }

    /** The rows of a Parquet object, read by the Parquet plugin that imports files. */
    private List<List<Object>> parquetRows(S3Server server, String key) throws IOException {
        Path file = dir.resolve("read-" + key.replace('/', '-'));
        try (InputStream in = server.admin().getObject(request -> request.bucket("exports").key(key))) {
            Files.copy(in, file);
        }
        FormatFactory parquet = PluginRegistry.forInstallation().format("parquet").orElseThrow();
        List<List<Object>> rows = new ArrayList<>();
        try (FormatReader reader = parquet.open(new FileInput(file),
                new FormatOptions(key, "parquet", List.of(), List.of()))) {
            for (SourceRow row = reader.read(); row != null; row = reader.read()) {
                List<Object> values = new ArrayList<>();
                for (int i = 0; i < row.fieldCount(); i++) {
                    values.add(row.field(i));
                }
                rows.add(values);
            }
        }
        return rows;
    }

    private static List<JsonNode> ndjson(S3Server server, String key) throws IOException {
        ObjectMapper json = new ObjectMapper();
        try (InputStream in = new GZIPInputStream(
                server.admin().getObject(request -> request.bucket("exports").key(key)))) {
            List<JsonNode> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), UTF_8).split("\n")) {
                rows.add(json.readTree(line));
            }
            return rows;
        }
    }

    private Cli.Result execute(String... args) {
        return Cli.execute(dir, args);
    }
}
