package dev.pipit.distribution.testutil;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipit.testkit.parquet.ParquetFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * A Parquet file of twelve columns and a data source {@code events} of two of them, for {@code bin/scheduler run}
 * against a bucket with ranged reads: the run must import every row while fetching only a fraction of the file.
 * One file and one set of checks, whichever store serves it.
 */
public final class WideParquetImport {
    public static final String DATA_SOURCE = "events";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

    private static final long ROWS = 10_000;
    private static final int PADDING_COLUMNS = 10;
    private static final Pattern FETCHED = Pattern.compile("fetched (\\d+) of (\\d+) bytes in (\\d+) ranged reads");

    private WideParquetImport() {}

    /** Writes the file: {@code id}, {@code name} and ten padding columns that dwarf them. */
    public static byte[] write(Path file) throws IOException {
        StringBuilder schema = new StringBuilder("message m { required int64 id; required binary name (STRING);");
        for (int i = 0; i < PADDING_COLUMNS; i++) {
            schema.append(" required binary padding").append(i).append(" (STRING);");
        }
        // Uncompressed, so the two columns' share of the file does not depend on how well the padding compresses.
        ParquetFiles.write(file, schema.append(" }").toString(), CompressionCodecName.UNCOMPRESSED, ROWS, 1 << 20,
                (index, row) -> {
                    row.append("id", index + 1).append("name", "name " + (index + 1));
                    for (int i = 0; i < PADDING_COLUMNS; i++) {
                        row.add("padding" + i, "padding " + i + " of row " + index + " " + "x".repeat(40));
                    }
                });
        return Files.readAllBytes(file);
    }

    /** Writes {@code datasources/events.datasource}, reading {@code id} and {@code name} from {@code bucketUri}. */
    public static void writeDataSource(Path project, String connection, String bucketUri) throws IOException {
        Files.createDirectories(project.resolve("datasources"));
        Files.writeString(project.resolve("datasources/" + DATA_SOURCE + ".datasource"), """
                SCHEMA >
                    `id` Int64 `json:$.id`,
                    `name` String `json:$.name`

                IMPORT_CONNECTION_NAME %s
                IMPORT_BUCKET_URI %s
                IMPORT_SCHEDULE @on-demand
                IMPORT_STRATEGY APPEND
                """.formatted(connection, bucketUri));
    }

    /**
     * Runs the data source once and checks that it imported every row of the file while fetching less than a tenth
     * of its {@code fileSize} bytes: as Pipit counts them in its log, and as they crossed {@code storeProxy}, the
     * connection's endpoint, so a client that reads past the ranges it was asked for cannot hide it.
     */
    public static void runFetchingAFraction(Path project, Map<String, String> environment, long fileSize,
            FaultProxy storeProxy) throws Exception {
        PipitProcess.Result run = PipitProcess.run(project, environment, COMMAND_TIMEOUT,
                "run", DATA_SOURCE, "--project", project.toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("1 files", ROWS + " rows");
        Matcher fetched = FETCHED.matcher(run.output());
        assertThat(fetched.find()).as(run.output()).isTrue();
        assertThat(Long.parseLong(fetched.group(2))).isEqualTo(fileSize);
        long bytesFetched = Long.parseLong(fetched.group(1));
        assertThat(bytesFetched).as(fetched.group()).isPositive().isLessThan(fileSize / 10);
        assertThat(storeProxy.bytesAnswered()).as("bytes downloaded, answer heads and the listing included")
                .isGreaterThan(bytesFetched).isLessThan(fileSize / 10);

        PipitProcess.Result sums = PipitProcess.run(project, environment, COMMAND_TIMEOUT, "sql",
                "SELECT count(*) AS n, sum(id) AS ids, max(name) AS last FROM " + DATA_SOURCE, "--json",
                "--project", project.toString());
        JsonNode row = new ObjectMapper().readTree(sums.stdout()).get(0);
        assertThat(row.get("n").asLong()).isEqualTo(ROWS);
        assertThat(row.get("ids").asLong()).isEqualTo(ROWS * (ROWS + 1) / 2);
        assertThat(row.get("last").asText()).isEqualTo("name 9999");
    }
}
