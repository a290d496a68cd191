package dev.pipit.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipit.distribution.testutil.PipitProcess;
import dev.pipit.plugin.parquet.testutil.ParquetFiles;
import dev.pipit.plugin.s3.testutil.S3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/scheduler run} of a Parquet file in S3Proxy, with the Parquet plugin in its own class loader: the file
 * is read through ranged GETs, and a data source of two of its twelve columns fetches a fraction of its bytes.
 */
class ParquetS3RunIT {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern FETCHED = Pattern.compile("fetched (\\d+) of (\\d+) bytes in (\\d+) ranged reads");
    private static final long ROWS = 10_000;

    @TempDir
    Path dir;

    @Test
    void importsTwoColumnsOfAWideFileFetchingOnlyTheirBytes() throws Exception {
        Path file = dir.resolve("wide.parquet");
        StringBuilder schema = new StringBuilder("message m { required int64 id; required binary name (STRING);");
        for (int i = 0; i < 10; i++) {
            schema.append(" required binary padding").append(i).append(" (STRING);");
        }
        // Uncompressed, so the two columns' share of the file does not depend on how well the padding compresses.
        ParquetFiles.write(file, schema.append(" }").toString(), CompressionCodecName.UNCOMPRESSED, ROWS, 1 << 20,
                (index, row) -> {
                    row.append("id", index + 1).append("name", "name " + (index + 1));
                    for (int i = 0; i < 10; i++) {
                        row.add("padding" + i, "padding " + i + " of row " + index + " " + "x".repeat(40));
                    }
                });
        try (S3Server server = S3Server.withKeys()) {
            server.createBucket("lake");
            server.put("lake", "events/2026-11-01.parquet", Files.readAllBytes(file));
            writeProject(server);
            Map<String, String> environment = Map.of(
                    "LAKE_KEY", S3Server.ACCESS_KEY, "LAKE_SECRET", S3Server.SECRET);

            PipitProcess.Result run = PipitProcess.run(dir, environment, COMMAND_TIMEOUT,
                    "run", "events", "--project", dir.toString());

            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output()).contains("1 files", ROWS + " rows");
            Matcher fetched = FETCHED.matcher(run.output());
            assertThat(fetched.find()).as(run.output()).isTrue();
            long bytesFetched = Long.parseLong(fetched.group(1));
            assertThat(Long.parseLong(fetched.group(2))).isEqualTo(Files.size(file));
            assertThat(bytesFetched).as(fetched.group()).isPositive().isLessThan(Files.size(file) / 10);

            PipitProcess.Result sums = PipitProcess.run(dir, environment, COMMAND_TIMEOUT, "sql",
                    "SELECT count(*) AS n, sum(id) AS ids, max(name) AS last FROM events", "--json",
                    "--project", dir.toString());
            JsonNode row = new ObjectMapper().readTree(sums.stdout()).get(0);
            assertThat(row.get("n").asLong()).isEqualTo(ROWS);
            assertThat(row.get("ids").asLong()).isEqualTo(ROWS * (ROWS + 1) / 2);
            assertThat(row.get("last").asText()).isEqualTo("name 9999");
        }
    }

    private void writeProject(S3Server server) throws Exception {
        Files.createDirectories(dir.resolve("connections"));
        Files.createDirectories(dir.resolve("datasources"));
        Files.writeString(dir.resolve("connections/lake.connection"), """
                TYPE s3
                S3_REGION %s
                S3_ACCESS_KEY {{ tb_secret("LAKE_KEY") }}
                S3_SECRET {{ tb_secret("LAKE_SECRET") }}
                S3_ENDPOINT %s
                S3_PATH_STYLE true
                """.formatted(S3Server.REGION, server.endpoint()));
        Files.writeString(dir.resolve("datasources/events.datasource"), """
                SCHEMA >
                    `id` Int64 `json:$.id`,
                    `name` String `json:$.name`

                IMPORT_CONNECTION_NAME lake
                IMPORT_BUCKET_URI s3://lake/events/*.parquet
                IMPORT_SCHEDULE @on-demand
                IMPORT_STRATEGY APPEND
                """);
    }
}
