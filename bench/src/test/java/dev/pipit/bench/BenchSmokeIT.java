package dev.pipit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The harness end to end on a few thousand rows: S3Proxy, embedded PostgreSQL, Pipit's real import path and the
 * baselines, through the command line as bin/bench runs it. Checks the output, never the figures.
 */
class BenchSmokeIT {
    @TempDir
    Path dir;

    @Test
    void loadCasesRunAndPrintTheJsonInterface() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new BenchMain());
        command.setOut(new PrintWriter(out));

        int exit = command.execute("--rows", "2000", "--case",
                "csv-h2,csv-postgres,parse-csv,parse-parquet,export-parquet-s3", "--json", "--work-dir", dir.toString());

        assertThat(exit).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json).extracting(node -> node.get("case").asText())
                .containsExactly("csv-h2", "csv-postgres", "parse-csv", "parse-parquet", "export-parquet-s3");
        assertThat(json).allSatisfy(node -> {
            assertThat(node.get("pipit").asDouble()).isPositive();
            assertThat(node.get("baseline_value").asDouble()).isPositive();
            assertThat(node.get("unit").asText()).isEqualTo("rows/s");
        });
    }

    @Test
    void repeatedCasesRunInRoundsOfTheirOwn() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new BenchMain());
        command.setOut(new PrintWriter(out));

        int exit = command.execute("--rows", "2000", "--case", "parse-csv", "--repeat", "2", "--json", "--work-dir",
                dir.toString());

        assertThat(exit).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json).hasSize(1);
        assertThat(json.get(0).get("rounds")).hasSize(2);
        assertThat(dir.resolve("round-1")).isDirectory();
        assertThat(dir.resolve("round-2")).isDirectory();
    }
}
