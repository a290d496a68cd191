package dev.pipit.distribution;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.distribution.testutil.ConsoleClient;
import dev.pipit.distribution.testutil.PipitProcess;
import dev.pipit.distribution.testutil.TestProjects;
import dev.pipit.testkit.s3.S3Server;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full life of a project, logged at DEBUG, whose every credential is a secret: S3 keys from {@code tb_secret()},
 * the database password and the JMX password. {@code check}, the daemon, a trigger, a trigger with a wrong JMX
 * password and the admin commands run; then every byte they printed and every byte of the database file (history,
 * ledger, Quartz's job data, whatever the pages hold) is searched for each resolved secret, as text and as hex.
 */
class SecretScanIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String DB_PASSWORD = "db-Pa55-LEAK-CANARY";
    private static final String JMX_PASSWORD = "jmx-Pa55-LEAK-CANARY";
    private static final String WRONG_JMX_PASSWORD = "wrong-jmx-LEAK-CANARY";
    private static final String HTTP_PASSWORD = "http-Pa55-LEAK-CANARY";
    private static final String WRONG_HTTP_PASSWORD = "wrong-http-LEAK-CANARY";
    private static final String WEBHOOK_TOKEN = "hook-T0KEN-LEAK-CANARY";
    /** Every page, action, API answer and the metrics of the console, after one run. */
    private static final List<String> CONSOLE_GETS = List.of("/", "/datasources/page_views",
            "/datasources/page_views?window=7d&status=imported", "/datasources/nope", "/connections", "/runs",
            "/runs/1", "/runs/999", "/api/v1/status", "/api/v1/runs", "/api/v1/runs/1",
            "/api/v1/datasources/page_views/files", "/api/v1/datasources/page_views/quarantine", "/metrics");

    @TempDir
    Path dir;

    @Test
    void noResolvedSecretAppearsInAnyOutputOrInTheDatabase() throws Exception {
        List<String> outputs = new ArrayList<>();
        try (S3Server server = S3Server.withKeys()) {
            server.createBucket("secret");
            server.put("secret", "in/a.csv", "id,name,amount\n1,one,1.5\n2,two,x\n".getBytes(UTF_8));
            writeProject(server);
            Map<String, String> environment = Map.of(
                    "LANDING_KEY", S3Server.ACCESS_KEY,
                    "LANDING_SECRET", S3Server.SECRET,
                    "PIPIT_DB_PASSWORD", DB_PASSWORD,
                    "PIPIT_JMX_PORT", Integer.toString(PipitProcess.freePort()),
                    "PIPIT_JMX_USER", "admin",
                    "PIPIT_JMX_PASSWORD", JMX_PASSWORD,
                    "PIPIT_HTTP_USER", "ops",
                    "PIPIT_HTTP_PASSWORD", HTTP_PASSWORD,
                    "PIPIT_NOTIFY_WEBHOOK_URL", "http://127.0.0.1:" + PipitProcess.freePort() + "/" + WEBHOOK_TOKEN,
                    "PIPIT_LOG_LEVEL", "DEBUG");

            outputs.add(command(environment, "check", dir.toString()).output());
            outputs.add(command(environment, "check", dir.toString(), "--json").output());
            try (PipitProcess daemon = PipitProcess.start(dir, environment, "start", dir.toString())) {
                daemon.awaitLine("Pipit is running", TIMEOUT);
                PipitProcess.Result trigger = command(environment, "trigger", "page_views", "--project",
                        dir.toString());
                assertThat(trigger.exitCode()).as(trigger.output()).isZero();
                outputs.add(trigger.output());
                Map<String, String> wrong = new HashMap<>(environment);
                wrong.put("PIPIT_JMX_PASSWORD", WRONG_JMX_PASSWORD);
                PipitProcess.Result refused = command(wrong, "trigger", "page_views", "--project", dir.toString());
                assertThat(refused.exitCode()).as(refused.output()).isNotZero();
                assertThat(refused.output()).contains("refused the JMX credentials");
                outputs.add(refused.output());
                outputs.add(consolePages(ConsoleClient.of(daemon, "ops", HTTP_PASSWORD)));
                HttpResponse<String> wrongPassword = ConsoleClient.of(daemon, "ops", WRONG_HTTP_PASSWORD).get("/");
                assertThat(wrongPassword.statusCode()).isEqualTo(401);
                outputs.add(wrongPassword.headers().map() + wrongPassword.body());
                assertThat(daemon.terminate(TIMEOUT)).isEqualTo(143);
                outputs.add(daemon.output());
            }
            for (String admin : List.of("history", "status", "files page_views", "quarantine page_views")) {
                List<String> args = new ArrayList<>(List.of(admin.split(" ")));
                args.addAll(List.of("--json", "--project", dir.toString()));
                PipitProcess.Result result = command(environment, args.toArray(String[]::new));
                assertThat(result.exitCode()).as(result.output()).isZero();
                outputs.add(result.output());
            }
        }

        String printed = String.join("\n", outputs);
        assertThat(printed).contains(" DEBUG ", "1 quarantined").doesNotContain("LEAK-CANARY");
        byte[] database = databaseBytes();
        List<String> secrets = List.of(S3Server.ACCESS_KEY, S3Server.SECRET, DB_PASSWORD, JMX_PASSWORD,
                WRONG_JMX_PASSWORD, HTTP_PASSWORD, WRONG_HTTP_PASSWORD, WEBHOOK_TOKEN);
        long checked = 0;
        for (String secret : secrets) {
            for (String form : List.of(secret, HexFormat.of().formatHex(secret.getBytes(UTF_8)))) {
                assertThat(printed).as("printed output").doesNotContain(form);
                assertThat(indexOf(database, form.getBytes(UTF_8))).as("%s in the database file", secret).isNegative();
                checked++;
            }
        }
        System.out.printf("SecretScanIT figures: %d secret forms searched in %d characters of output and %d bytes of "
                + "database, 0 found%n", checked, printed.length(), database.length);
    }

    /** Each answer's status, headers and body; the connection's Test action authenticates against S3. */
    private static String consolePages(ConsoleClient console) throws Exception {
        StringBuilder answers = new StringBuilder();
        for (String path : CONSOLE_GETS) {
            HttpResponse<String> answer = console.get(path);
            assertThat(answer.statusCode()).as(path).isIn(200, 404);
            answers.append(path).append(' ').append(answer.statusCode()).append(answer.headers().map())
                    .append(answer.body()).append('\n');
        }
        HttpResponse<String> test = console.post("/connections/landing_s3/test");
        assertThat(test.body()).contains("landing_s3: OK");
        answers.append(test.body());
        assertThat(answers).contains("pipit_rows_total{datasource=\"page_views\"} 1.0", "No data source named");
        return answers.toString();
    }

    private PipitProcess.Result command(Map<String, String> environment, String... args) throws Exception {
        return PipitProcess.run(dir, environment, TIMEOUT, args);
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

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void writeProject(S3Server server) throws IOException {
        TestProjects.s3Project(dir, server.endpoint(), "s3://secret/in/*.csv", "", "");
    }
}
