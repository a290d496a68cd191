package dev.pipit.bench;

import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.daemon.Daemon;
import dev.pipit.scheduler.db.Database;
import dev.pipit.testkit.net.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * console-overview: the web console's overview page of a daemon with 1,000 data sources whose ledger holds
 * 1,000,000 files and whose history holds 10,000 runs, on the embedded H2 database, fetched over HTTP as a
 * browser does. The figure is the median of {@value #REQUESTS} requests after {@value #WARMUP} warm-up ones; the
 * target is 300 ms.
 */
final class ConsoleOverviewCase implements BenchCase {
    private static final int DATA_SOURCES = 1_000;
    private static final int FILES = 1_000_000;
    private static final int RUNS_PER_DATA_SOURCE = 10;
    /**
     * Rows per INSERT. One transaction of a million rows, or keys in no order, keep H2 rewriting index pages for many
     * minutes (and gigabytes): each data source's files go in together, in key order.
     */
    private static final int FILL_CHUNK = 20_000;
    private static final int WARMUP = 5;
    private static final int REQUESTS = 21;
    private static final double TARGET_MS = 300;

    @Override
    public String name() {
        return "console-overview";
    }

    @Override
    public Result run(BenchEnvironment env) throws Exception {
        Path dir = env.workDir().resolve(name());
        PipitProject project = PipitProject.create(dir, env.s3());
        for (int i = 0; i < DATA_SOURCES; i++) {
            String name = String.format(Locale.ROOT, "ds_%04d", i);
            project.addDataSource(name, "s3://overview/" + name + "/*.csv", "@on-demand");
        }
        int jmxPort = FreePorts.one();
        PipitConfig config = PipitConfig.of(Map.of(
                "db.url", "jdbc:h2:file:" + dir.resolve("data/pipit").toAbsolutePath(),
                "jmx.port", Integer.toString(jmxPort),
                "http.port", "0",
                "node.id", "bench"));
        env.log("filling the ledger with %,d files and the history with %,d runs", FILES,
                DATA_SOURCES * RUNS_PER_DATA_SOURCE);
        try (Database database = Database.open(config, dir)) {
            fill(database);
        }
        try (Daemon daemon = Daemon.start(config, project.load(env.plugins()), env.plugins())) {
            URI overview = URI.create(daemon.consoleUrl().orElseThrow());
            HttpClient client = HttpClient.newHttpClient();
            String page = "";
            for (int i = 0; i < WARMUP; i++) {
                page = fetch(client, overview);
            }
            // Each data source: 1,000 files, of which 20 failed; a page that says otherwise measured nothing.
            if (!page.contains("<td class=\"num\">0</td><td class=\"num\">980</td><td class=\"num\">20</td>")) {
                throw new IllegalStateException("the overview does not count the ledger's files");
            }
            long bytes = page.length();
            double[] millis = new double[REQUESTS];
            for (int i = 0; i < REQUESTS; i++) {
                long start = System.nanoTime();
                fetch(client, overview);
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
            Arrays.sort(millis);
            double median = millis[REQUESTS / 2];
            return Result.of(name(), median, "the 300 ms target", TARGET_MS, "ms", "at most 1.0×",
                    String.format(Locale.ROOT, "%,d data sources, %,d ledger rows, %,d runs on H2; median of %d "
                            + "requests (fastest %.0f ms, slowest %.0f ms), %,d bytes of HTML", DATA_SOURCES, FILES,
                            DATA_SOURCES * RUNS_PER_DATA_SOURCE, REQUESTS, millis[0], millis[REQUESTS - 1], bytes));
        }
    }

    private static String fetch(HttpClient client, URI uri) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the overview answered " + response.statusCode());
        }
        return response.body();
    }

    /**
     * One in fifty files failed, the rest imported; each data source ran ten times, one run in ten partial. H2's
     * {@code SYSTEM_RANGE} names its column {@code X}, quoted since the database folds unquoted names to lower case.
     */
    private static void fill(Database database) {
        database.jdbi().useHandle(handle -> {
            handle.execute("""
                    INSERT INTO pipit.runs (datasource, trigger, node, started_at, ended_at, status, files, "rows",
                                            bytes, quarantined)
                    SELECT 'ds_' || LPAD(MOD("X", %d), 4, '0'), 'auto', 'bench', CURRENT_TIMESTAMP - ("X" * INTERVAL '1' SECOND),
                           CURRENT_TIMESTAMP - ("X" * INTERVAL '1' SECOND) + INTERVAL '1' SECOND,
                           CASE WHEN "X" <= %d THEN 'partial' ELSE 'succeeded' END, 100, 10000, 100000, 0
                      FROM SYSTEM_RANGE(1, %d)""".formatted(DATA_SOURCES, DATA_SOURCES,
                    DATA_SOURCES * RUNS_PER_DATA_SOURCE));
            for (int first = 1; first <= FILES; first += FILL_CHUNK) {
                handle.execute("""
                        INSERT INTO pipit.files (datasource, bucket, object_key, "key", size, last_modified, status,
                                                 run_id, "rows", quarantined, bytes, error, discovered_at, updated_at)
                        SELECT 'ds_' || LPAD(("X" - 1) / %1$d, 4, '0'), 'overview',
                               'events/' || LPAD("X", 7, '0') || '.csv',
                               's3://overview/events/' || LPAD("X", 7, '0') || '.csv', 1000, CURRENT_TIMESTAMP,
                               CASE WHEN MOD("X", 50) = 0 THEN 'failed' ELSE 'imported' END, 1, 100, 0, 1000,
                               CASE WHEN MOD("X", 50) = 0 THEN 'not a text file' END, CURRENT_TIMESTAMP,
                               CURRENT_TIMESTAMP
                          FROM SYSTEM_RANGE(%2$d, %3$d)""".formatted(FILES / DATA_SOURCES, first,
                        first + FILL_CHUNK - 1));
            }
        });
    }
}
