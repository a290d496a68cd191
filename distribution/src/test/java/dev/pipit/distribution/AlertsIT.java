package dev.pipit.distribution;

import static dev.pipit.distribution.testutil.TestProjects.project;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.pipit.distribution.testutil.PipitProcess;
import dev.pipit.distribution.testutil.TestProjects;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts from a real daemon to a webhook receiver of the test's own on loopback, which is down when the first
 * alerts are raised: they arrive once it is up, and none carries the URL's token.
 */
class AlertsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String TOKEN = "hook-T0KEN-LEAK-CANARY";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void failuresAndAStaleDataSourceReachAReceiverThatWasDownForAWhile() throws Exception {
        project(dir, "orders", "@on-demand");
        TestProjects.addDataSource(dir, "clicks", "@auto");
        Files.write(TestProjects.bucket(dir, "orders").resolve("broken.csv"), new byte[] {0, 1, 2, 0, 0, 9});
        int port = PipitProcess.freePort();
        Map<String, String> environment = Map.of(
                "PIPIT_JMX_PORT", Integer.toString(PipitProcess.freePort()),
                "PIPIT_AUTO_INTERVAL", "1h",
                "PIPIT_NOTIFY_WEBHOOK_URL", "http://127.0.0.1:" + port + "/hooks/" + TOKEN,
                "PIPIT_NOTIFY_POLL_INTERVAL", "300ms",
                "PIPIT_NOTIFY_RETRY_BACKOFF", "200ms",
                "PIPIT_NOTIFY_RETRY_MAX_BACKOFF", "1s",
                "PIPIT_NOTIFY_ATTEMPTS", "1000",
                "PIPIT_NOTIFY_STALE_AFTER", "3s",
                "PIPIT_LOG_LEVEL", "DEBUG");
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        List<String> paths = new CopyOnWriteArrayList<>();

        try (PipitProcess daemon = PipitProcess.start(dir, environment, "start", dir.toString())) {
            daemon.awaitLine("Pipit is running", TIMEOUT);
            PipitProcess.Result trigger = PipitProcess.run(dir, environment, TIMEOUT, "trigger", "orders",
                    "--project", dir.toString());
            assertThat(trigger.output()).contains("failed");
            // The sender tries one alert at a time, so whichever was raised first holds the others in the queue.
            daemon.awaitLine("Alert file_failed of orders queued", TIMEOUT);
            daemon.awaitLine("Alert run_failed of orders queued", TIMEOUT);
            daemon.awaitLine("Alert stale of clicks queued", TIMEOUT);
            daemon.awaitLine("Alert \\w+ of \\w+ not delivered", TIMEOUT);

            HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10);
            receiver.createContext("/", exchange -> {
                paths.add(exchange.getRequestURI().getPath());
                received.add(JSON.readTree(exchange.getRequestBody()));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            receiver.start();
            try {
                Instant deadline = Instant.now().plus(TIMEOUT);
                while (events(received).size() < 3 && Instant.now().isBefore(deadline)) {
                    Thread.sleep(100);
                }
            } finally {
                receiver.stop(0);
            }
            assertThat(daemon.terminate(TIMEOUT)).isEqualTo(143);
            assertThat(daemon.output()).doesNotContain(TOKEN);
        }

        assertThat(events(received)).containsExactlyInAnyOrder("file_failed orders", "run_failed orders",
                "stale clicks");
        JsonNode file = received.stream().filter(alert -> alert.get("event").asText().equals("file_failed"))
                .findFirst().orElseThrow();
        assertThat(file.get("key").asText()).endsWith("broken.csv");
        assertThat(file.get("error").asText()).contains("not a text file");
        assertThat(file.get("run_id").asLong()).isPositive();
        assertThat(paths).allMatch(path -> path.equals("/hooks/" + TOKEN));
        assertThat(received.toString()).doesNotContain(TOKEN);
    }

    private static List<String> events(List<JsonNode> received) {
        return received.stream().map(alert -> alert.get("event").asText() + " " + alert.get("datasource").asText())
                .distinct().toList();
    }
}
