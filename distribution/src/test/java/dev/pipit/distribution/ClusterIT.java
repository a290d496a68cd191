package dev.pipit.distribution;

import static dev.pipit.distribution.testutil.TestProjects.addDataSource;
import static dev.pipit.distribution.testutil.TestProjects.csv;
import static dev.pipit.distribution.testutil.TestProjects.project;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.distribution.testutil.PipitProcess;
import dev.pipit.scheduler.admin.JmxClient;
import dev.pipit.scheduler.admin.JmxSettings;
import dev.pipit.testkit.db.Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9's acceptance test: three daemons, separate processes, one PostgreSQL, 300 files over six data sources.
 * The node running the big data source is killed with {@code kill -9} in the middle of a file; the survivors
 * notice it stopped checking in, mark its run failed and finish its work. Every file and every row arrives exactly
 * once, and more than one node did the work.
 */
class ClusterIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final List<String> AUTO = List.of("auto_1", "auto_2", "auto_3", "auto_4");
    private static final int AUTO_FILES = 62;
    private static final int ON_DEMAND_FILES = 48;
    private static final int BIG_FILES = 4;
    private static final int SMALL_ROWS = 100;
    private static final int BIG_ROWS = 150_000;

    @TempDir
    Path dir;

    private Map<String, String> database;
    private final Map<String, PipitProcess> nodes = new LinkedHashMap<>();
    private final Map<String, Integer> jmxPorts = new LinkedHashMap<>();

    @AfterEach
    void stopNodes() throws InterruptedException {
        for (PipitProcess node : nodes.values()) {
            node.close();
        }
    }

    @Test
    void threeDaemonsShareTheWorkAndSurviveAKill() throws Exception {
        writeProject();
        database = Backend.POSTGRESQL.freshSettings();
        // One node first: it migrates the new database, which the others then find ready.
        startNode("node-a");
        startNode("node-b");
        startNode("node-c");

        String request;
        try (JmxClient client = JmxClient.connect(jmx("node-a"))) {
            request = client.control().trigger("big");
        }
        String victim = awaitRunningBetweenFiles(request);
        String inFlight = queryText("SELECT \"key\" FROM pipit.files WHERE datasource = 'big' AND status = 'pending'"
                + " ORDER BY last_modified, \"key\" LIMIT 1");
        nodes.get(victim).kill();

        String survivor = nodes.keySet().stream().filter(node -> !node.equals(victim)).findFirst().orElseThrow();
        PipitProcess.Result trigger = PipitProcess.run(dir, environment(survivor), TIMEOUT,
                "trigger", "on_demand", "--project", dir.toString());
        assertThat(trigger.exitCode()).as(trigger.output()).isZero();
        assertThat(trigger.stdout()).contains("on_demand: run ", " succeeded, " + ON_DEMAND_FILES + " files, "
                + ON_DEMAND_FILES * SMALL_ROWS + " rows");

        int allFiles = AUTO.size() * AUTO_FILES + ON_DEMAND_FILES + BIG_FILES;
        awaitImported(allFiles);

        assertThat(allFiles).isEqualTo(300);
        assertThat(queryLong("SELECT count(*) FROM pipit.files WHERE status <> 'imported'")).isZero();
        for (String table : AUTO) {
            assertRowsOnce(table, (long) AUTO_FILES * SMALL_ROWS);
        }
        assertRowsOnce("on_demand", (long) ON_DEMAND_FILES * SMALL_ROWS);
        assertRowsOnce("big", (long) BIG_FILES * BIG_ROWS);
        assertThat(queryLong("SELECT count(DISTINCT node) FROM pipit.runs WHERE files > 0")).isGreaterThan(1);
        assertThat(queryText("SELECT r.node FROM pipit.files f JOIN pipit.runs r ON r.id = f.run_id"
                + " WHERE f.\"key\" = '" + inFlight + "'")).isNotEqualTo(victim);
        assertThat(queryLong("SELECT count(*) FROM pipit.runs WHERE node = '" + victim + "' AND status = 'running'"))
                .isZero();
        assertThat(queryLong("SELECT count(*) FROM pipit.runs WHERE node = '" + victim + "' AND datasource = 'big'"
                + " AND status = 'failed' AND error LIKE '%node running it died%'")).isEqualTo(1);
        // Every copy that succeeded added its row once, and no two firings ran at the same time on two nodes.
        assertThat(queryLong("SELECT count(*) FROM pipit.runs WHERE trigger = 'copy' AND status = 'succeeded'"))
                .isGreaterThan(3).isEqualTo(queryLong("SELECT count(*) FROM ticks"));
        assertThat(queryLong("SELECT count(*) FROM pipit.runs a JOIN pipit.runs b ON a.id < b.id"
                + " WHERE a.trigger = 'copy' AND b.trigger = 'copy' AND a.started_at < b.ended_at"
                + " AND b.started_at < a.ended_at")).isZero();
    }

    private void writeProject() throws Exception {
        Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
        project(dir, "big", "@on-demand");
        for (int i = 0; i < BIG_FILES; i++) {
            csv(dir, "big", "big-" + i + ".csv", (long) i * BIG_ROWS, BIG_ROWS, t0.plusSeconds(i));
        }
        addDataSource(dir, "on_demand", "@on-demand");
        smallFiles("on_demand", ON_DEMAND_FILES, t0);
        for (String dataSource : AUTO) {
            addDataSource(dir, dataSource, "@auto");
            smallFiles(dataSource, AUTO_FILES, t0);
        }
        // A copy pipe firing every second beside the imports: the cluster must run each firing on one node only.
        Files.writeString(dir.resolve("datasources/ticks.datasource"), "SCHEMA >\n    `n` Int64\n");
        Files.createDirectories(dir.resolve("pipes"));
        Files.writeString(dir.resolve("pipes/tick.pipe"), """
                NODE tick
                SQL >
                    SELECT CAST(1 AS bigint) AS n

                TYPE COPY
                TARGET_DATASOURCE ticks
                COPY_SCHEDULE '* * * * * ?'
                """);
    }

    private void smallFiles(String dataSource, int files, Instant t0) {
        for (int i = 0; i < files; i++) {
            csv(dir, dataSource, "f-" + i + ".csv", (long) i * SMALL_ROWS, SMALL_ROWS, t0.plusSeconds(i));
        }
    }

    private void startNode(String node) throws Exception {
        jmxPorts.put(node, PipitProcess.freePort());
        PipitProcess process = PipitProcess.start(dir, environment(node), "start", dir.toString());
        nodes.put(node, process);
        process.awaitLine("Pipit is running", TIMEOUT);
    }

    private Map<String, String> environment(String node) {
        return Map.of(
                "PIPIT_DB_URL", database.get("db.url"),
                "PIPIT_DB_USER", database.get("db.user"),
                "PIPIT_DB_PASSWORD", database.get("db.password"),
                "PIPIT_NODE_ID", node,
                "PIPIT_JMX_PORT", Integer.toString(jmxPorts.get(node)),
                "PIPIT_AUTO_INTERVAL", "2s",
                "PIPIT_AUTO_MAX_FILES", "10",
                // Quartz takes a node for dead about 7.5 s after its check-ins stop, on top of this interval.
                "PIPIT_CLUSTER_CHECKIN_INTERVAL", "1s",
                // Each big file commits on its own, so that a node can be killed between two of them.
                "PIPIT_IMPORT_FILES_PER_COMMIT", "1");
    }

    private JmxSettings jmx(String node) {
        return new JmxSettings("127.0.0.1", jmxPorts.get(node), null, null);
    }

    /**
     * Waits until the big run has committed its first file, so that the next one is being read: its node is
     * killed in the middle of a file. Returns that node.
     */
    private String awaitRunningBetweenFiles(String request) throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            String node = queryText("SELECT node FROM pipit.runs WHERE request_id = '" + request + "'"
                    + " AND status = 'running' AND files >= 1");
            if (node != null) {
                return node;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the big run never committed its first file");
    }

    private void awaitImported(int files) throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        long imported = 0;
        while (Instant.now().isBefore(deadline)) {
            imported = queryLong("SELECT count(*) FROM pipit.files WHERE status = 'imported'");
            if (imported == files) {
                return;
            }
            Thread.sleep(250);
        }
        List<String> outputs = new ArrayList<>();
        nodes.forEach((node, process) -> outputs.add(node + ":\n" + process.output()));
        throw new AssertionError(imported + " of " + files + " files imported in time\n" + String.join("\n", outputs));
    }

    private void assertRowsOnce(String table, long rows) throws SQLException {
        assertThat(queryLong("SELECT count(*) FROM " + table)).as(table).isEqualTo(rows);
        assertThat(queryLong("SELECT count(DISTINCT id) FROM " + table)).as(table).isEqualTo(rows);
    }

    private long queryLong(String sql) throws SQLException {
        return Long.parseLong(queryText(sql));
    }

    /** The first column of the first row as text, or {@code null} when there is no row. */
    private String queryText(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.get("db.url"), database.get("db.user"),
                        database.get("db.password"));
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            return rows.next() ? rows.getString(1) : null;
        }
    }
}
