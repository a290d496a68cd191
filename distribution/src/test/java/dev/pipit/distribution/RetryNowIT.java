package dev.pipit.distribution;

import static dev.pipit.distribution.testutil.TestProjects.bucket;
import static dev.pipit.distribution.testutil.TestProjects.project;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipit.distribution.testutil.PipitProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/scheduler retry DATASOURCE --failed --now} from another JVM: the failed file goes back to pending and
 * the running daemon, asked over remote JMX, imports it.
 */
class RetryNowIT {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final int SIGTERM_EXIT = 143;

    @TempDir
    Path dir;

    @Test
    void retryNowPutsAFailedFileBackAndTheRunningDaemonImportsIt() throws Exception {
        project(dir, "orders", "@on-demand");
        Path file = bucket(dir, "orders").resolve("a.csv");
        // A NUL byte makes it no text file: failed on its content, so no run takes it again by itself.
        write(file, "id,name,amount\n1,a\0,2\n");
        Map<String, String> environment = Map.of("PIPIT_JMX_PORT", Integer.toString(PipitProcess.freePort()));
        PipitProcess.Result failing = command(environment, "run", "orders");
        // Mended in place, the same size, as someone fixing the export would.
        write(file, "id,name,amount\n1,ab,2\n");

        try (PipitProcess daemon = PipitProcess.start(dir, environment, "start", dir.toString())) {
            daemon.awaitLine("Pipit is running", COMMAND_TIMEOUT);
            PipitProcess.Result retry = command(environment, "retry", "orders", "--failed", "--now");
            JsonNode imported = awaitImported(environment);

            assertThat(failing.exitCode()).as(failing.output()).isEqualTo(1);
            assertThat(retry.exitCode()).as(retry.output()).isZero();
            assertThat(retry.stdout()).contains("orders: 1 failed file back to pending:", "Queued a run of orders");
            assertThat(imported.get("rows").asLong()).isEqualTo(1);
            assertThat(imported.get("attempts").asInt()).isEqualTo(2);
            assertThat(daemon.terminate(COMMAND_TIMEOUT)).as(daemon.output()).isEqualTo(SIGTERM_EXIT);
        }
    }

    private JsonNode awaitImported(Map<String, String> environment) throws Exception {
        Instant deadline = Instant.now().plus(COMMAND_TIMEOUT);
        List<String> seen = new ArrayList<>();
        while (Instant.now().isBefore(deadline)) {
            JsonNode file = new ObjectMapper().readTree(command(environment, "files", "orders", "--json").stdout()).get(0);
            if (file.get("status").asText().equals("imported")) {
                return file;
            }
            seen.add(file.get("status").asText());
            Thread.sleep(500);
        }
        throw new AssertionError("the retried file was not imported; its status was " + seen);
    }

    private static void write(Path file, String content) throws Exception {
        Files.writeString(file, content, UTF_8);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-01T00:00:00Z")));
    }

    private PipitProcess.Result command(Map<String, String> environment, String... arguments) throws Exception {
        List<String> all = new ArrayList<>(List.of(arguments));
        all.addAll(List.of("--project", dir.toString()));
        return PipitProcess.run(dir, environment, COMMAND_TIMEOUT, all.toArray(String[]::new));
    }
}
