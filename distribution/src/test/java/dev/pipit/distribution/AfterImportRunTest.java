package dev.pipit.distribution;

import static dev.pipit.distribution.testutil.TestProjects.bucket;
import static dev.pipit.distribution.testutil.TestProjects.csv;
import static dev.pipit.distribution.testutil.TestProjects.project;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.distribution.testutil.PipitProcess;
import dev.pipit.scheduler.cli.StatusReport;
import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.daemon.Daemon;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.history.RunStatus;
import dev.pipit.scheduler.history.RunTrigger;
import dev.pipit.scheduler.ledger.AfterImportState;
import dev.pipit.scheduler.ledger.FileLedger;
import dev.pipit.scheduler.ledger.LedgerFile;
import dev.pipit.scheduler.metrics.PipitMetrics;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.project.ProjectLoader;
import dev.pipit.scheduler.project.SecretResolver;
import dev.pipit.scheduler.run.ImportRunner;
import dev.pipit.scheduler.run.RunLimits;
import dev.pipit.scheduler.run.RunListener;
import dev.pipit.testkit.db.Backend;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code IMPORT_AFTER_IMPORT move} on the ledger of both databases, through the local store: a move the store
 * cannot do (a file stands where its folder must go) is recorded as failed and completed by a later run, and no
 * file is imported twice for it. While it fails, the run stays succeeded with a note, and {@code status} and
 * {@code /metrics} and the console count the failed actions.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class AfterImportRunTest {
    @Parameter
    Backend backend;

    @TempDir
    Path dir;

    private Database database;

    @AfterEach
    void closeDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aMoveTheStoreFailsIsCompletedByALaterRunAndEveryFileImportsOnce() throws Exception {
        project(dir, "events", "@on-demand");
        Files.writeString(dir.resolve("datasources/events.datasource"), "IMPORT_AFTER_IMPORT move:./inbox/done/\n",
                java.nio.file.StandardOpenOption.APPEND);
        Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
        csv(dir, "events", "a.csv", 0, 10, t0);
        csv(dir, "events", "b.csv", 10, 10, t0.plusSeconds(1));
        Path done = dir.resolve("inbox/done");
        Files.writeString(done, "a file where the move's folder must go");
        Map<String, String> settings = backend.freshSettings();
        database = Database.open(PipitConfig.of(settings), dir);
        PluginRegistry plugins = PluginRegistry.forInstallation();
        Project project = new ProjectLoader(plugins, new SecretResolver(Map.of(), Map.of())).load(dir);
        assertThat(project.hasErrors()).as("%s", project.diagnostics()).isFalse();
        RunLimits limits = new RunLimits(RunLimits.DEFAULT_AUTO_INTERVAL, 5, 1000, 1, Duration.ZERO,
                RunLimits.DEFAULT_FILE_TIMEOUT, RunLimits.DEFAULT_MAX_VALUE_BYTES, RunLimits.DEFAULT_MAX_GZIP_RATIO,
                RunLimits.DEFAULT_CRASH_ATTEMPTS, 3, Duration.ZERO, RunLimits.DEFAULT_PARALLEL_FILES,
                RunLimits.DEFAULT_FILES_PER_COMMIT, RunLimits.DEFAULT_BYTES_PER_COMMIT);
        FileLedger ledger = new FileLedger(database.jdbi());

        try (ImportRunner runner = new ImportRunner(database, plugins, project, limits, "node")) {
            RunRecord first = run(runner);
            List<AfterImportState> failed = ledger.list("events", null, 0).stream().map(LedgerFile::afterImport).toList();
            Map<String, Object> statusWhileFailing = status(project, plugins);
            String tableWhileFailing = afterImportTable(project, plugins);
            String scrapeWhileFailing = scrape(project, plugins);
            Map<String, String> pagesWhileFailing = consolePages(settings, project, plugins);
            Files.delete(done);
            RunRecord second = run(runner);
            RunRecord third = run(runner);

            assertThat(first.status()).as("the rows are imported").isEqualTo(RunStatus.SUCCEEDED);
            assertThat(first.error()).contains("2 IMPORT_AFTER_IMPORT actions failed");
            assertThat(statusWhileFailing).containsEntry("after_import_failed", 2L);
            assertThat((String) statusWhileFailing.get("after_import_last_error")).contains("inbox/done");
            assertThat(tableWhileFailing).contains("FAILED ACTIONS").containsPattern("events\\s+2\\s");
            assertThat(scrapeWhileFailing).contains("pipit_after_import_failed{datasource=\"events\"} 2.0");
            assertThat(pagesWhileFailing.get("/")).contains("<h2>Failed after-import actions</h2>",
                    "<table class=\"after-import\">", "<td class=\"num\">2</td>", "inbox/done");
            assertThat(pagesWhileFailing.get("/datasources/events")).contains("id=\"after-import-failed\">2 failed "
                    + "actions, tried again by later runs");
            assertThat(pagesWhileFailing.get("/api/v1/status")).containsPattern("\"after_import_failed\" ?: ?2,");
            assertThat(first.files()).isEqualTo(2);
            assertThat(failed).allSatisfy(state -> {
                assertThat(state.action()).isEqualTo("move");
                assertThat(state.status()).isEqualTo("failed");
                assertThat(state.attempts()).isEqualTo(1);
                assertThat(state.error()).contains("inbox/done");
            });
            assertThat(second.files()).isZero();
            assertThat(second.error()).isNull();
            assertThat(status(project, plugins)).containsEntry("after_import_failed", 0L)
                    .containsEntry("after_import_last_error", null);
            assertThat(afterImportTable(project, plugins)).isEmpty();
            assertThat(third.files()).isZero();
        }
        assertThat(names(bucket(dir, "events"))).isEmpty();
        assertThat(names(done)).containsExactly("a.csv", "b.csv");
        assertThat(ledger.list("events", null, 0)).allSatisfy(file -> {
            assertThat(file.rows()).isEqualTo(10);
            assertThat(file.afterImport().status()).isEqualTo("done");
            assertThat(file.afterImport().attempts()).isEqualTo(2);
            assertThat(file.afterImport().targetKey()).endsWith("/inbox/done/" + file.objectKey()
                    .substring(file.objectKey().lastIndexOf('/') + 1));
        });
        Map<String, Object> rows = database.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) AS all_rows, count(DISTINCT \"id\") AS ids FROM \"events\"").mapToMap().one());
        assertThat(((Number) rows.get("all_rows")).longValue()).isEqualTo(20);
        assertThat(((Number) rows.get("ids")).longValue()).isEqualTo(20);
    }

    private Map<String, Object> status(Project project, PluginRegistry plugins) {
        return StatusReport.of(project, plugins, database).get(0).toJson();
    }

    private String afterImportTable(Project project, PluginRegistry plugins) {
        StringWriter text = new StringWriter();
        StatusReport.afterImportTable(StatusReport.of(project, plugins, database))
                .ifPresent(table -> table.print(new PrintWriter(text)));
        return text.toString();
    }

    private String scrape(Project project, PluginRegistry plugins) {
        try (PipitMetrics metrics = PipitMetrics.start(database, () -> project, plugins)) {
            return metrics.scrape();
        }
    }

    /** The console's pages as a daemon on the same database serves them; the data source is on demand. */
    private Map<String, String> consolePages(Map<String, String> settings, Project project, PluginRegistry plugins)
            throws Exception {
        Map<String, String> daemonSettings = new HashMap<>(settings);
        daemonSettings.put("http.port", "0");
        daemonSettings.put("jmx.port", Integer.toString(PipitProcess.freePort()));
        Map<String, String> pages = new HashMap<>();
        try (Daemon daemon = Daemon.start(PipitConfig.of(daemonSettings), project, plugins)) {
            URI console = URI.create(daemon.consoleUrl().orElseThrow());
            for (String path : List.of("/", "/datasources/events", "/api/v1/status")) {
                pages.put(path, HttpClient.newHttpClient().send(HttpRequest.newBuilder(console.resolve(path)).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
            }
        }
        return pages;
    }

    private static RunRecord run(ImportRunner runner) {
        return runner.run("events", RunTrigger.MANUAL, RunListener.NONE, () -> false);
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
