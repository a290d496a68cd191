package dev.pipit.distribution;

import static dev.pipit.distribution.testutil.TestProjects.csv;
import static dev.pipit.distribution.testutil.TestProjects.project;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipit.distribution.testutil.PipitProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon as users run it: a separate process, triggered from another JVM over JMX, read by the admin commands
 * while it runs, and stopped with SIGTERM.
 */
class DaemonIT {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SIGTERM_EXIT = 143;

    @TempDir
    Path dir;

    @Test
    void aTriggerFromAnotherJvmDrainsTheDataSourceAndTheAdminCommandsAgreeWithTheDatabase() throws Exception {
        project(dir, "orders", "@on-demand");
        Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
        for (int i = 0; i < 12; i++) {
            csv(dir, "orders", "orders-" + i + ".csv", i * 10L, 10, t0.plusSeconds(i));
        }
        Map<String, String> environment = Map.of(
                "PIPIT_JMX_PORT", Integer.toString(PipitProcess.freePort()), "PIPIT_NODE_ID", "node-a");

        try (PipitProcess daemon = PipitProcess.start(dir, environment, "start", dir.toString())) {
            daemon.awaitLine("Pipit is running", COMMAND_TIMEOUT);

            PipitProcess.Result trigger = command(environment, "trigger", "orders");
            assertThat(trigger.exitCode()).as(trigger.output()).isZero();
            assertThat(trigger.output()).contains("orders: run", "succeeded", "12 files", "120 rows");
            assertThat(command(environment, "trigger", "orders").output()).contains("0 files");

            JsonNode history = json(command(environment, "history", "--json"));
            assertThat(history).hasSize(2);
            JsonNode first = history.get(1);
            assertThat(first.get("datasource").asText()).isEqualTo("orders");
            assertThat(first.get("trigger").asText()).isEqualTo("manual");
            assertThat(first.get("node").asText()).isEqualTo("node-a");
            assertThat(first.get("status").asText()).isEqualTo("succeeded");
            assertThat(first.get("files").asInt()).isEqualTo(12);
            assertThat(first.get("rows").asLong()).isEqualTo(120);

            JsonNode files = json(command(environment, "files", "orders", "--json"));
            JsonNode ledger = json(command(environment, "sql",
                    "SELECT key, status, rows FROM pipit.files WHERE datasource = 'orders' ORDER BY key", "--json"));
            assertThat(files).hasSize(12);
            assertThat(sortedTriples(files)).isEqualTo(sortedTriples(ledger));
            assertThat(files).allSatisfy(file -> {
                assertThat(file.get("status").asText()).isEqualTo("imported");
                assertThat(file.get("rows").asLong()).isEqualTo(10);
            });
            JsonNode count = json(command(environment, "sql", "SELECT count(*) AS n FROM orders", "--json"));
            assertThat(count.get(0).get("n").asLong()).isEqualTo(120);

            PipitProcess.Result second = command(
                    Map.of("PIPIT_JMX_PORT", Integer.toString(PipitProcess.freePort())), "start", dir.toString());
            assertThat(second.exitCode()).isEqualTo(1);
            assertThat(second.output()).contains("another Pipit daemon is already running");

            assertThat(daemon.terminate(COMMAND_TIMEOUT)).as(daemon.output()).isEqualTo(SIGTERM_EXIT);
        }
    }

    @Test
    void aTriggerWithoutADaemonSaysSoAndExitsThree() throws Exception {
        project(dir, "orders", "@on-demand");
        PipitProcess.Result trigger = command(
                Map.of("PIPIT_JMX_PORT", Integer.toString(PipitProcess.freePort())), "trigger", "orders");
        assertThat(trigger.exitCode()).isEqualTo(3);
        assertThat(trigger.output()).contains("no Pipit daemon answers JMX");
    }

    private PipitProcess.Result command(Map<String, String> environment, String... args) throws Exception {
        List<String> withProject = new ArrayList<>(List.of(args));
        if (!args[0].equals("start")) {
            withProject.add("--project");
            withProject.add(dir.toString());
        }
        return PipitProcess.run(dir, environment, COMMAND_TIMEOUT, withProject.toArray(String[]::new));
    }

    /** The JSON document a command printed; stdout carries nothing else, log lines go to stderr. */
    private static JsonNode json(PipitProcess.Result result) throws Exception {
        assertThat(result.exitCode()).as(result.output()).isZero();
        return JSON.readTree(result.stdout());
    }

    private static List<String> sortedTriples(JsonNode rows) {
        List<String> triples = new ArrayList<>();
        rows.forEach(row -> triples.add(row.get("key").asText() + "|" + row.get("status").asText() + "|" + row.get("rows").asLong()));
        triples.sort(null);
        return triples;
    }
}
