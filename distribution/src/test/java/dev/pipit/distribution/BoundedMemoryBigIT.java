package dev.pipit.distribution;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipit.distribution.testutil.PipitProcess;
import dev.pipit.testkit.parquet.ParquetFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's bounded-memory promise, at full size: a generated 2 GB CSV and a 1 GB Parquet file each import through
 * {@code bin/scheduler run} in a JVM capped at 256 MB ({@link PipitProcess} starts every process with
 * {@code -Xmx256m}). Memory is bounded when the run ends with every row and no {@code OutOfMemoryError}.
 *
 * <p>It writes 3 GB to the temporary folder and runs for several minutes, so it belongs to the {@code big} profile
 * only, or to a run that names it ({@code -Dit.test=BoundedMemoryBigIT}; README, "Large files and memory").
 */
class BoundedMemoryBigIT {
    private static final Duration IMPORT_TIMEOUT = Duration.ofMinutes(40);
    private static final long CSV_BYTES = 2L * 1024 * 1024 * 1024;
    private static final long PARQUET_ROWS = 2_100_000;

    @TempDir
    Path dir;

    @Test
    void aTwoGigabyteCsvImportsInA256MegabyteHeap() throws Exception {
        long rows = writeCsv(dir.resolve("inbox/big_csv/big.csv"));
        assertThat(Files.size(dir.resolve("inbox/big_csv/big.csv"))).isGreaterThanOrEqualTo(CSV_BYTES);
        writeProject("big_csv", "csv", """
                SCHEMA >
                    `id` Int64,
                    `name` String,
                    `amount` Float64,
                    `note` String
                """);

        assertImports("big_csv", rows);
    }

    @Test
    void aOneGigabyteParquetFileImportsInA256MegabyteHeap() throws Exception {
        Path file = dir.resolve("inbox/big_parquet/big.parquet");
        SplittableRandom random = new SplittableRandom(42);
        ParquetFiles.write(file, """
                message big {
                  required int64 id;
                  required binary name (STRING);
                  required double amount;
                  required binary note (STRING);
                }""", CompressionCodecName.SNAPPY, PARQUET_ROWS,
                (index, row) -> row.append("id", index + 1).append("name", "name " + index)
                        .append("amount", random.nextDouble()).append("note", noise(random)));
        assertThat(Files.size(file)).isGreaterThan(900L * 1024 * 1024);
        writeProject("big_parquet", "parquet", "");

        assertImports("big_parquet", PARQUET_ROWS);
    }

    private void assertImports(String dataSource, long rows) throws Exception {
        PipitProcess.Result run = PipitProcess.run(dir, Map.of(), IMPORT_TIMEOUT,
                "run", dataSource, "--project", dir.toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).doesNotContain("OutOfMemoryError").contains("1 files", rows + " rows");
        PipitProcess.Result count = PipitProcess.run(dir, Map.of(), Duration.ofMinutes(10), "sql",
                "SELECT count(*) AS n FROM " + dataSource, "--json", "--project", dir.toString());
        assertThat(new ObjectMapper().readTree(count.stdout()).get(0).get("n").asLong()).isEqualTo(rows);
    }

    /** @return the number of rows written, enough to pass {@link #CSV_BYTES} */
    private static long writeCsv(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        SplittableRandom random = new SplittableRandom(7);
        long rows = 0;
        long bytes = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, UTF_8)) {
            out.write("id,name,amount,note\n");
            while (bytes < CSV_BYTES) {
                rows++;
                String line = rows + ",\"name, " + rows + "\"," + random.nextDouble() + "," + noise(random) + "\n";
                out.write(line);
                bytes += line.length();
            }
        }
        return rows;
    }

    /**
     * 480 characters that compress little, like real free text. Wide rows reach the sizes with fewer rows, which
     * keeps the run to minutes: the time goes into rows, the memory into bytes.
     */
    private static String noise(SplittableRandom random) {
        StringBuilder text = new StringBuilder(496);
        while (text.length() < 480) {
            text.append(Long.toHexString(random.nextLong()));
        }
        return text.substring(0, 480);
    }

    private void writeProject(String dataSource, String extension, String schema) throws IOException {
        Files.createDirectories(dir.resolve("connections"));
        Files.createDirectories(dir.resolve("datasources"));
        Files.writeString(dir.resolve("connections/inbox.connection"), "TYPE local\n");
        Files.writeString(dir.resolve("datasources/" + dataSource + ".datasource"), schema + """

                IMPORT_CONNECTION_NAME inbox
                IMPORT_BUCKET_URI file://./inbox/%s/*.%s
                IMPORT_SCHEDULE @on-demand
                IMPORT_STRATEGY APPEND
                """.formatted(dataSource, extension));
    }
}
