package dev.pipit.distribution;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.distribution.testutil.FaultProxy.Fault;
import dev.pipit.distribution.testutil.FaultProxy;
import dev.pipit.distribution.testutil.PipitProcess;
import dev.pipit.distribution.testutil.TestProjects;
import dev.pipit.testkit.s3.S3Server;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/scheduler run} against S3Proxy through {@link FaultProxy}, which resets connections, stalls and cuts
 * answers mid-body and answers 500 and 503: requests are retried with backoff by the S3 client, a file whose
 * download breaks is rolled back and imported again whole, and a file that keeps failing is marked failed after
 * its attempts while the other files import.
 */
class S3FaultsIT {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);
    private static final int LARGE_ROWS = 20_000;

    private static S3Server server;

    @TempDir
    Path dir;

    private FaultProxy proxy;
    private String bucket;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3Server.withKeys();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void startProxy() throws IOException {
        proxy = FaultProxy.start(server.endpoint());
    }

    @AfterEach
    void stopProxy() throws IOException {
        proxy.close();
    }

    @Test
    void brokenConnectionsAndAnswersAreRetriedAndEveryFileImportsWholeOnce() throws Exception {
        bucket = "transient";
        server.createBucket(bucket);
        server.put(bucket, "in/a.csv", csv(0, 2));
        server.put(bucket, "in/b.csv", csv(2, LARGE_ROWS));
        server.put(bucket, "in/c.csv", csv(2 + LARGE_ROWS, LARGE_ROWS));
        proxy.inject("GET /transient?list-type=2", Fault.STATUS_503, 2);
        proxy.inject("GET /transient/in/a.csv", Fault.RESET, 1);
        proxy.inject("GET /transient/in/b.csv", Fault.CUT_BODY, 1);
        proxy.inject("GET /transient/in/c.csv", Fault.STALL, 1);

        PipitProcess.Result run = run();

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("3 files", (2 + 2 * LARGE_ROWS) + " rows")
                .contains("attempt 1 of 3 at s3://transient/in/b.csv failed, rolled back")
                .contains("attempt 1 of 3 at s3://transient/in/c.csv failed, rolled back");
        // The S3 client retried the listing and the reset itself; the core took the cut and stalled files again.
        assertThat(proxy.requests("GET /transient?list-type=2")).isEqualTo(3);
        assertThat(proxy.requests("GET /transient/in/a.csv")).isEqualTo(2);
        assertThat(proxy.requests("GET /transient/in/b.csv")).isEqualTo(2);
        assertThat(proxy.requests("GET /transient/in/c.csv")).isEqualTo(2);
        String total = Integer.toString(2 + 2 * LARGE_ROWS);
        assertThat(query("SELECT count(*), count(DISTINCT id) FROM page_views")).containsExactly(List.of(total, total));
        assertThat(query("SELECT count(*) FROM pipit.files WHERE status = 'imported'")).containsExactly(List.of("3"));
        printFigures("transient faults");
    }

    @Test
    void aFileThatKeepsFailingIsMarkedFailedAfterItsAttemptsAndTheOthersImport() throws Exception {
        bucket = "permanent";
        server.createBucket(bucket);
        server.put(bucket, "in/a.csv", csv(0, 2));
        server.put(bucket, "in/cut.csv", csv(2, LARGE_ROWS));
        server.put(bucket, "in/error.csv", csv(2 + LARGE_ROWS, 2));
        server.put(bucket, "in/z.csv", csv(4 + LARGE_ROWS, 2));
        proxy.injectAlways("GET /permanent/in/cut.csv", Fault.CUT_BODY);
        proxy.injectAlways("GET /permanent/in/error.csv", Fault.STATUS_500);

        PipitProcess.Result run = run();

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("2 of 4 files failed");
        // Three attempts by the core; for a 500 each attempt is itself three requests by the S3 client.
        assertThat(proxy.requests("GET /permanent/in/cut.csv")).isEqualTo(3);
        assertThat(proxy.requests("GET /permanent/in/error.csv")).isEqualTo(9);
        List<List<String>> failed = query(
                "SELECT \"key\", error FROM pipit.files WHERE status = 'failed' ORDER BY \"key\"");
        System.out.println("S3FaultsIT: failed files " + failed);
        assertThat(failed).hasSize(2);
        assertThat(failed.get(0).get(0)).isEqualTo("s3://permanent/in/cut.csv");
        assertThat(failed.get(0).get(1))
                .startsWith("the download of s3://permanent/in/cut.csv ")
                .endsWith("(after 3 attempts)");
        assertThat(failed.get(1).get(0)).isEqualTo("s3://permanent/in/error.csv");
        assertThat(failed.get(1).get(1)).contains("(after 3 attempts)");
        assertThat(query("SELECT count(*) FROM pipit.files WHERE status = 'imported'")).containsExactly(List.of("2"));
        assertThat(query("SELECT count(*) FROM page_views")).containsExactly(List.of("4"));
        printFigures("permanent faults");
    }

    private void printFigures(String scenario) {
        System.out.printf("S3FaultsIT figures (%s): faults injected %d (reset %d, stall %d, cut %d, 500 %d, 503 %d)%n",
                scenario, proxy.injectedInAll(), proxy.injected(Fault.RESET), proxy.injected(Fault.STALL),
                proxy.injected(Fault.CUT_BODY), proxy.injected(Fault.STATUS_500), proxy.injected(Fault.STATUS_503));
    }

    private PipitProcess.Result run() throws Exception {
        writeProject();
        return PipitProcess.run(dir, environment(), COMMAND_TIMEOUT, "run", "page_views", "--project", dir.toString());
    }

    /** Reads the project's H2 database directly: a separate {@code bin/scheduler sql} would cost a JVM start. */
    private List<List<String>> query(String sql) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("data/pipit") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        List<List<String>> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, "pipit", "");
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
                    row.add(result.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("LANDING_KEY", S3Server.ACCESS_KEY);
        environment.put("LANDING_SECRET", S3Server.SECRET);
        environment.put("PIPIT_IMPORT_RETRY_BACKOFF", "100ms");
        return environment;
    }

    private void writeProject() throws IOException {
        TestProjects.s3Project(dir, proxy.endpoint(), "s3://%s/in/*.csv".formatted(bucket),
                "S3_READ_TIMEOUT 1s\nS3_CONNECT_TIMEOUT 2s\n", "");
    }

    private static byte[] csv(long firstId, long rows) {
        StringBuilder csv = new StringBuilder("id,name,amount\n");
        for (long id = firstId; id < firstId + rows; id++) {
            csv.append(id).append(",name ").append(id).append(',').append(id % 1000 / 10.0).append('\n');
        }
        return csv.toString().getBytes(UTF_8);
    }
}
