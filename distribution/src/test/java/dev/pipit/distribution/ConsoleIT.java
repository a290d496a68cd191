package dev.pipit.distribution;

import static dev.pipit.distribution.testutil.TestProjects.csv;
import static dev.pipit.distribution.testutil.TestProjects.project;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipit.distribution.testutil.Browser;
import dev.pipit.distribution.testutil.ConsoleClient;
import dev.pipit.distribution.testutil.PipitProcess;
import dev.pipit.distribution.testutil.TestProjects;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator's view of a real daemon: the console in headless Chromium, {@code /metrics} checked by Prometheus'
 * own {@code promtool}, and the start-up refusal of a console open to the network without a password.
 */
class ConsoleIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    @TempDir
    Path dir;

    @Test
    void theConsoleShowsTheHistoryAsTheDatabaseHoldsItAndRunNowStartsARun() throws Exception {
        project(dir, "orders", "@on-demand");
        Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
        csv(dir, "orders", "orders-1.csv", 0, 10, t0);
        csv(dir, "orders", "orders-2.csv", 10, 10, t0.plusSeconds(1));
        Files.write(TestProjects.bucket(dir, "orders").resolve("orders-3.csv"), new byte[] {0, 1, 2, 3, 0, 0, 0, 7});
        Files.writeString(dir.resolve("datasources/orders.datasource"), "IMPORT_AFTER_IMPORT move:./inbox/imported/\n",
                StandardOpenOption.APPEND);
        Map<String, String> environment = Map.of("PIPIT_JMX_PORT", Integer.toString(PipitProcess.freePort()));

        try (PipitProcess daemon = PipitProcess.start(dir, environment, "start", dir.toString())) {
            String console = consoleUrl(daemon);
            PipitProcess.Result trigger = command(environment, "trigger", "orders");
            assertThat(trigger.output()).contains("partial");

            try (Browser browser = Browser.open(Files.createDirectories(dir.resolve("chromium")))) {
                var driver = browser.driver();
                driver.get(console);
                WebElement row = driver.findElement(By.cssSelector("tr[data-datasource='orders']"));
                assertThat(row.getText()).contains("orders", "inbox", "@on-demand", "partial");
                List<String> numbers = row.findElements(By.cssSelector("td.num")).stream().map(WebElement::getText).toList();
                assertThat(numbers.subList(0, 4)).containsExactly("0", "2", "1", "20");
                browser.screenshot("console-overview");

                row.findElement(By.linkText("orders")).click();
                assertThat(chartMarks(driver)).isEqualTo(runsInDatabase(environment));
                WebElement mark = driver.findElement(By.cssSelector("svg.tracker rect.run"));
                assertThat(mark.findElement(By.tagName("title")).getAttribute("textContent"))
                        .contains("partial", "2 files", "20 rows");
                assertThat(driver.findElement(By.cssSelector("table.files tr.failed")).getText())
                        .contains("orders-3.csv", "not a text file");
                assertThat(driver.findElement(By.cssSelector("table.files tr.imported .after-import")).getText())
                        .isEqualTo("moved");
                assertThat(dir.resolve("inbox/imported/orders-1.csv")).exists();
                driver.findElement(By.id("file-status")).sendKeys("failed");
                driver.findElement(By.cssSelector("form.filter button")).click();
                // The click returns before the filtered page has replaced this one.
                new WebDriverWait(driver, TIMEOUT).until(d -> d.getCurrentUrl().contains("status=failed"));
                assertThat(driver.findElements(By.cssSelector("table.files tbody tr"))).hasSize(1);

                csv(dir, "orders", "orders-4.csv", 20, 5, t0.plusSeconds(3));
                driver.findElement(By.id("run-now")).click();
                new WebDriverWait(driver, TIMEOUT).ignoring(StaleElementReferenceException.class)
                        .until(d -> d.findElement(By.id("run-progress")).getAttribute("data-state").equals("finished"));
                String progress = driver.findElement(By.id("run-progress")).getText();
                assertThat(progress).contains("succeeded", "1 of 1 files", "5 rows");
                Map<Long, String> runs = runsInDatabase(environment);
                assertThat(runs).hasSize(2).containsValue("succeeded");
                assertThat(chartMarks(driver)).isEqualTo(runs);
                browser.screenshot("console-datasource");

                driver.get(console + "runs?status=partial");
                assertThat(driver.findElements(By.cssSelector("table.runs tbody tr"))).hasSize(1);
                driver.get(console + "datasources/no_such_thing");
                assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
                assertThat(driver.getPageSource()).doesNotContain("Exception", "at dev.pipit");
                driver.get(console + "connections");
                driver.findElement(By.cssSelector("tr#inbox button")).click();
                // The click submits a form: the answer is on the page that loads after it.
                assertThat(new WebDriverWait(driver, TIMEOUT).until(d -> d.findElement(By.id("test-result")))
                        .getText()).contains("inbox: OK");
                browser.screenshot("console-connections");

                // Retry puts the failed file back; being bad content, it fails again, its earlier failure kept.
                driver.get(console + "datasources/orders?status=failed");
                driver.findElement(By.cssSelector("table.files tr.failed form.retry button")).click();
                assertThat(driver.findElement(By.cssSelector("table.files tr.pending")).getText())
                        .contains("orders-3.csv");
                driver.findElement(By.id("run-now")).click();
                new WebDriverWait(driver, TIMEOUT).ignoring(StaleElementReferenceException.class)
                        .until(d -> d.findElement(By.id("run-progress")).getAttribute("data-state").equals("finished"));
                assertThat(driver.findElement(By.id("run-progress")).getText()).contains("failed · 1 of 1 files");
            }

            ConsoleClient api = ConsoleClient.of(daemon, null, null);
            assertThat(apiAnswer(api, "/api/v1/status")).isEqualTo(json(command(environment, "status", "--json")));
            assertThat(apiAnswer(api, "/api/v1/runs?datasource=orders"))
                    .isEqualTo(json(command(environment, "history", "orders", "--json")));
            assertThat(apiAnswer(api, "/api/v1/datasources/orders/files?status=failed"))
                    .isEqualTo(json(command(environment, "files", "orders", "--status", "failed", "--json")));
            assertThat(apiAnswer(api, "/api/v1/datasources/orders/quarantine"))
                    .isEqualTo(json(command(environment, "quarantine", "orders", "--json")));
            assertThat(api.get("/api/v1/datasources/nope/files").statusCode()).isEqualTo(404);
            assertThat(metricsAgreeWithTheHistory(api, environment)).isTrue();
            assertThat(json(command(environment, "sql", "SELECT count(*) AS n FROM pipit.file_failures", "--json"))
                    .get(0).get("n").asInt()).isEqualTo(2);
            assertThat(daemon.terminate(TIMEOUT)).isEqualTo(143);
        }
    }

    @Test
    void aConsoleOpenToTheNetworkWithoutAPasswordStopsTheStart() throws Exception {
        project(dir, "orders", "@on-demand");
        PipitProcess.Result start = PipitProcess.run(dir, Map.of("PIPIT_JMX_PORT",
                Integer.toString(PipitProcess.freePort()), "PIPIT_HTTP_HOST", "0.0.0.0"), TIMEOUT, "start",
                dir.toString());
        assertThat(start.exitCode()).isEqualTo(1);
        assertThat(start.output()).contains("set http.user and http.password");
    }

    /** The scrape passes promtool's checks, and Pipit's meters say what the history says. */
    private boolean metricsAgreeWithTheHistory(ConsoleClient console, Map<String, String> environment)
            throws Exception {
        String metrics = console.get("/metrics").body();
        assertThat(PROMTOOL).as("promtool, from Debian's prometheus package: apt-get install -y prometheus")
                .isExecutable();
        Path scrape = Files.writeString(Path.of("target", "screenshots", "console-metrics.txt"), metrics);
        Process promtool = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics")
                .redirectInput(scrape.toFile()).redirectErrorStream(true).start();
        assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String lint = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.exitValue()).as(lint).isZero();

        JsonNode totals = json(command(environment, "sql", "SELECT sum(\"rows\") AS r, count(*) AS n, "
                + "sum(quarantined) AS q FROM pipit.runs WHERE datasource = 'orders'", "--json")).get(0);
        assertThat(value(metrics, "pipit_rows_total{datasource=\"orders\"}")).isEqualTo(totals.get("r").asDouble());
        assertThat(value(metrics, "pipit_run_duration_seconds_count{datasource=\"orders\",status=\"succeeded\"}")
                + value(metrics, "pipit_run_duration_seconds_count{datasource=\"orders\",status=\"partial\"}")
                + value(metrics, "pipit_run_duration_seconds_count{datasource=\"orders\",status=\"failed\"}"))
                .isEqualTo(totals.get("n").asDouble());
        assertThat(value(metrics, "pipit_files_failed_total{datasource=\"orders\"}")).isEqualTo(1);
        assertThat(value(metrics, "pipit_files_imported_total{datasource=\"orders\"}")).isEqualTo(3);
        assertThat(value(metrics, "pipit_files_discovered_total{datasource=\"orders\"}")).isEqualTo(4);
        assertThat(value(metrics, "pipit_files_pending{datasource=\"orders\"}")).isEqualTo(0);
        assertThat(metrics).contains("hikaricp_connections_active", "jvm_memory_used_bytes",
                "pipit_last_success_timestamp_seconds{datasource=\"orders\"}");
        return true;
    }

    private static JsonNode apiAnswer(ConsoleClient api, String path) throws Exception {
        HttpResponse<String> answer = api.get(path);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private static double value(String metrics, String series) {
        return metrics.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no series " + series + " in:\n" + metrics));
    }

    /** The chart's marks, run id to status, read off the SVG as the browser has it. */
    private static Map<Long, String> chartMarks(org.openqa.selenium.WebDriver driver) {
        Map<Long, String> marks = new LinkedHashMap<>();
        for (WebElement mark : driver.findElements(By.cssSelector("svg.tracker rect.run"))) {
            marks.put(Long.parseLong(mark.getAttribute("data-run-id")), mark.getAttribute("data-status"));
        }
        return marks;
    }

    private Map<Long, String> runsInDatabase(Map<String, String> environment) throws Exception {
        Map<Long, String> runs = new LinkedHashMap<>();
        json(command(environment, "sql", "SELECT id, status FROM pipit.runs WHERE datasource = 'orders' ORDER BY id",
                "--json")).forEach(run -> runs.put(run.get("id").asLong(), run.get("status").asText()));
        return runs;
    }

    private static String consoleUrl(PipitProcess daemon) throws InterruptedException {
        daemon.awaitLine("Pipit is running", TIMEOUT);
        return ConsoleClient.of(daemon, null, null).url();
    }

    private PipitProcess.Result command(Map<String, String> environment, String... args) throws Exception {
        List<String> withProject = new ArrayList<>(List.of(args));
        withProject.add("--project");
        withProject.add(dir.toString());
        return PipitProcess.run(dir, environment, TIMEOUT, withProject.toArray(String[]::new));
    }

    private static JsonNode json(PipitProcess.Result result) throws Exception {
        assertThat(result.exitCode()).as(result.output()).isZero();
        return JSON.readTree(result.stdout());
    }
}
