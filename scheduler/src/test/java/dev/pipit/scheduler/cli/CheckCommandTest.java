package dev.pipit.scheduler.cli;

import static dev.pipit.scheduler.testutil.ProjectFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs check as bin/scheduler does. This module's class path holds no plugin, so projects here use none. */
class CheckCommandTest {
    @TempDir
    Path root;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int check(String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        String[] withCommand = new String[args.length + 1];
        withCommand[0] = "check";
        System.arraycopy(args, 0, withCommand, 1, args.length);
        return commandLine.execute(withCommand);
    }

    @Test
    void exitsZeroWithWarningsAndSummarises() {
        write(root, "datasources/totals.datasource", "SCHEMA >", "    `day` Date,", "    `total` AggregateFunction(sum, Float64)");
        write(root, "pipes/mv.pipe", "NODE n");

        assertThat(check(root.toString())).isZero();
        assertThat(out.toString())
                .contains("totals  not fed by Pipit", "    total AggregateFunction(sum, Float64)")
                .contains("pipes/mv.pipe: warning: pipes are not run by Pipit")
                .contains("0 errors, 1 warning");
    }

    @Test
    void exitsOneOnErrorsPrintingFileAndLine() {
        write(root, "datasources/bad.datasource", "SCHEMA >", "    `a` String", "COLOUR red");

        assertThat(check("--project", root.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("datasources/bad.datasource:3: error: unknown setting COLOUR");
    }

    @Test
    void positionalProjectWinsOverTheOption() {
        write(root, "datasources/ok.datasource", "SCHEMA >", "    `a` String");

        assertThat(check("--project", root.resolve("missing").toString(), root.toString())).isZero();
    }

    @Test
    void jsonIsOneParseableObject() throws Exception {
        write(root, "datasources/bad.datasource", "SCHEMA >", "    `a` String `json:$.a`", "COLOUR red");

        assertThat(check(root.toString(), "--json")).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("ok").asBoolean()).isFalse();
        assertThat(json.get("connections")).isEmpty();
        // The note "not fed by Pipit" concerns the whole file (line 0), so it sorts before the error.
        JsonNode error = json.get("diagnostics").get(1);
        assertThat(error.get("severity").asText()).isEqualTo("error");
        assertThat(error.get("file").asText()).isEqualTo("datasources/bad.datasource");
        assertThat(error.get("line").asInt()).isEqualTo(3);
    }

    @Test
    void jsonDescribesDataSources() throws Exception {
        write(root, "datasources/ok.datasource", "SCHEMA >", "    `a` String `json:$.a`");

        assertThat(check(root.toString(), "--json")).isZero();
        JsonNode dataSource = new ObjectMapper().readTree(out.toString()).get("datasources").get(0);
        assertThat(dataSource.get("name").asText()).isEqualTo("ok");
        assertThat(dataSource.get("kind").asText()).isEqualTo("none");
        assertThat(dataSource.get("columns").get(0).get("json_path").asText()).isEqualTo("$.a");
    }

    @Test
    void helpListsOptionsAndNoValues() {
        assertThat(check("--help")).isZero();
        assertThat(out.toString()).contains("--json", "--secrets=FILE", "PROJECT");
    }
}
