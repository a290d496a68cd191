package dev.pipit.distribution;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipit.distribution.testutil.FaultProxy;
import dev.pipit.distribution.testutil.FaultProxy.Fault;
import dev.pipit.distribution.testutil.PageViews;
import dev.pipit.distribution.testutil.PipitProcess;
import dev.pipit.distribution.testutil.SqlProbe;
import dev.pipit.distribution.testutil.TestProjects;
import dev.pipit.testkit.s3.S3Server;
import java.io.IOException;
import java.nio.file.Path;
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
        // The three files shared a transaction (import.files-per-commit): b's cut rolled it back, a and c went again
        // together, c stalled, and a went alone, so a's reset and its three reads made four requests.
        assertThat(proxy.requests("GET /transient?list-type=2")).isEqualTo(3);
        assertThat(proxy.requests("GET /transient/in/a.csv")).isEqualTo(4);
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

        // Without retries across runs, so that this one run decides.
        PipitProcess.Result run = run(Map.of("PIPIT_IMPORT_FILE_RETRIES", "0"));

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

    @Test
    void aTransientlyFailingFileIsRetriedByLaterRunsThenByRetryAndImportedOnce() throws Exception {
        bucket = "later";
        server.createBucket(bucket);
        server.put(bucket, "in/a.csv", csv(0, 2));
        server.put(bucket, "in/b.csv", csv(2, LARGE_ROWS));
        proxy.inject("GET /later/in/b.csv", Fault.CUT_BODY, 2);
        Map<String, String> oneAttemptOneRetry = Map.of("PIPIT_IMPORT_ATTEMPTS", "1", "PIPIT_IMPORT_FILE_RETRIES", "1",
                "PIPIT_IMPORT_FILE_RETRY_BACKOFF", "0s");

        PipitProcess.Result first = run(oneAttemptOneRetry);
        List<List<String>> waiting = query("SELECT status, retries, CASE WHEN next_attempt_at IS NULL THEN 'no' ELSE 'yes' END FROM pipit.files "
                + "WHERE \"key\" = 's3://later/in/b.csv'");
        PipitProcess.Result second = run(oneAttemptOneRetry);
        List<List<String>> dead = query("SELECT status, error FROM pipit.files WHERE \"key\" = 's3://later/in/b.csv'");
        PipitProcess.Result retry = command("retry", "page_views", "--failed");
        PipitProcess.Result third = run(oneAttemptOneRetry);

        assertThat(first.output()).as(first.output()).contains("1 of 2 files failed");
        assertThat(waiting).containsExactly(List.of("pending", "1", "yes"));
        assertThat(second.output()).as(second.output()).contains("files failed");
        assertThat(dead.get(0).get(0)).isEqualTo("failed");
        assertThat(dead.get(0).get(1)).endsWith("(gave up after 2 runs; import.file-retries 1)");
        assertThat(retry.exitCode()).as(retry.output()).isZero();
        assertThat(retry.stdout()).contains("page_views: 1 failed file back to pending:", "s3://later/in/b.csv");
        assertThat(third.exitCode()).as(third.output()).isZero();
        assertThat(proxy.requests("GET /later/in/b.csv")).isEqualTo(3);
        String total = Integer.toString(2 + LARGE_ROWS);
        assertThat(query("SELECT count(*), count(DISTINCT id) FROM page_views")).containsExactly(List.of(total, total));
        assertThat(query("SELECT count(*) FROM pipit.file_failures")).containsExactly(List.of("2"));
        JsonNode b = filesJson().get(1);
        assertThat(b.get("key").asText()).isEqualTo("s3://later/in/b.csv");
        assertThat(b.get("status").asText()).isEqualTo("imported");
        assertThat(b.get("attempts").asInt()).isEqualTo(3);
        assertThat(b.get("next_attempt_at").isNull()).isTrue();

        PipitProcess.Result unconfirmed = command("reimport", "page_views", "--key", "in/b.csv");
        PipitProcess.Result reimport = command("reimport", "page_views", "--key", "in/b.csv", "--yes");

        assertThat(unconfirmed.exitCode()).isEqualTo(2);
        assertThat(unconfirmed.output()).contains("its rows to the table a second time", "Add --yes");
        assertThat(reimport.exitCode()).as(reimport.output()).isZero();
        assertThat(reimport.stdout()).contains("1 file queued to be imported again");
        JsonNode queued = filesJson().get(1);
        assertThat(queued.get("status").asText()).isEqualTo("pending");
        assertThat(queued.get("generation").asInt()).isEqualTo(2);
        assertThat(query("SELECT generation, \"rows\" FROM pipit.file_imports")).containsExactly(List.of("1", Integer.toString(LARGE_ROWS)));
    }

    private JsonNode filesJson() throws Exception {
        return PageViews.files(dir, environment(), COMMAND_TIMEOUT);
    }

    private PipitProcess.Result command(String... arguments) throws Exception {
        List<String> all = new ArrayList<>(List.of(arguments));
        all.addAll(List.of("--project", dir.toString()));
        return PipitProcess.run(dir, environment(), COMMAND_TIMEOUT, all.toArray(String[]::new));
    }

    private void printFigures(String scenario) {
        System.out.printf("S3FaultsIT figures (%s): faults injected %d (reset %d, stall %d, cut %d, 500 %d, 503 %d)%n",
                scenario, proxy.injectedInAll(), proxy.injected(Fault.RESET), proxy.injected(Fault.STALL),
                proxy.injected(Fault.CUT_BODY), proxy.injected(Fault.STATUS_500), proxy.injected(Fault.STATUS_503));
    }

    private PipitProcess.Result run() throws Exception {
        return run(Map.of());
    }

    private PipitProcess.Result run(Map<String, String> settings) throws Exception {
        writeProject();
        Map<String, String> environment = environment();
        environment.putAll(settings);
        return PipitProcess.run(dir, environment, COMMAND_TIMEOUT, "run", "page_views", "--project", dir.toString());
    }

    /** Reads the project's H2 database directly: a separate {@code bin/scheduler sql} would cost a JVM start. */
    private List<List<String>> query(String sql) throws Exception {
        return SqlProbe.h2(dir).rows(sql);
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
