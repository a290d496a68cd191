package dev.pipit.distribution;

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
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code IMPORT_AFTER_IMPORT} with {@code bin/scheduler run} against S3Proxy, through {@link FaultProxy}: what a run
 * deletes and moves, checked against the bucket's listing; a delete the store refuses, carried out by a later run;
 * and {@code kill -9} while the delete is in flight, after the import committed. In every case the rows are in the
 * table exactly once and the object is read once: the ledger, not the bucket, says the file is imported.
 */
class AfterImportIT {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(60);

    private static S3Server server;

    @TempDir
    Path dir;

    private FaultProxy proxy;

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
    void moveKeepsTheKeyBelowTheUrisFolderUnderThePrefixAndIsNotImportedAgain() throws Exception {
        server.createBucket("moves");
        server.put("moves", "in/a.csv", TestProjects.csvBytes(0, 1));
        server.put("moves", "in/2024/b.csv", TestProjects.csvBytes(2, 4));
        server.put("moves", "other/c.csv", TestProjects.csvBytes(5, 5));
        project("s3://moves/in/**/*.csv", "move:done/");

        PipitProcess.Result first = run();
        PipitProcess.Result second = run();

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("moved s3://moves/in/a.csv to done/a.csv",
                "moved s3://moves/in/2024/b.csv to done/2024/b.csv");
        assertThat(keys("moves")).containsExactly("done/2024/b.csv", "done/a.csv", "other/c.csv");
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(query("SELECT count(*), count(DISTINCT id) FROM page_views")).containsExactly(List.of("5", "5"));
        assertThat(proxy.requests("GET /moves/in/a.csv")).isEqualTo(1);
        JsonNode b = file(filesJson(), "s3://moves/in/2024/b.csv");
        assertThat(b.get("after_import").get("action").asText()).isEqualTo("move");
        assertThat(b.get("after_import").get("target_key").asText()).isEqualTo("done/2024/b.csv");
        assertThat(b.get("after_import").get("status").asText()).isEqualTo("done");
        assertThat(b.get("after_import").get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void aDeleteTheStoreRefusesIsRetriedByTheNextRunWithoutASecondImport() throws Exception {
        server.createBucket("refusing");
        server.put("refusing", "in/a.csv", TestProjects.csvBytes(0, 2));
        server.put("refusing", "in/b.csv", TestProjects.csvBytes(3, 3));
        project("s3://refusing/in/*.csv", "delete");
        proxy.inject("DELETE /refusing/in/a.csv", Fault.STATUS_403, 1);

        PipitProcess.Result first = run();
        List<String> afterFirst = keys("refusing");
        JsonNode refused = file(filesJson(), "s3://refusing/in/a.csv").get("after_import");
        PipitProcess.Result status = PipitProcess.run(dir, environment(), COMMAND_TIMEOUT, "status", "--project",
                dir.toString());
        PipitProcess.Result second = run();

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(afterFirst).containsExactly("in/a.csv");
        assertThat(refused.get("status").asText()).isEqualTo("failed");
        assertThat(refused.get("attempts").asInt()).isEqualTo(1);
        assertThat(refused.get("error").asText()).contains("access denied to s3://refusing/in/a.csv",
                "IMPORT_AFTER_IMPORT delete needs the connection to be allowed to delete objects",
                "--policy read --after-import delete");
        assertThat(refused.get("next_attempt_at").isNull()).isFalse();
        assertThat(first.output()).contains("ended: SUCCEEDED (1 IMPORT_AFTER_IMPORT actions failed");
        assertThat(status.stdout()).contains("IMPORT_AFTER_IMPORT actions that failed")
                .containsPattern("(?m)^page_views\\s+1\\s+\\S+\\s+connection 'landing_s3': access denied to s3://refusing/in/a.csv");
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(keys("refusing")).isEmpty();
        assertThat(query("SELECT count(*), count(DISTINCT id) FROM page_views")).containsExactly(List.of("4", "4"));
        assertThat(proxy.requests("GET /refusing/in/a.csv")).isEqualTo(1);
        assertThat(query("SELECT status, attempts, error FROM pipit.after_import ORDER BY file_id"))
                .containsExactly(Arrays.asList("done", "2", null), Arrays.asList("done", "1", null));
    }

    @Test
    void aRunKilledWhileItDeletesAnImportedObjectLeavesTheDeleteToTheNextRunAndTheRowsOnce() throws Exception {
        server.createBucket("killed");
        server.put("killed", "in/a.csv", TestProjects.csvBytes(0, 9));
        project("s3://killed/in/*.csv", "delete");
        proxy.inject("DELETE /killed/in/a.csv", Fault.HOLD, 1);

        try (PipitProcess killed = PipitProcess.start(dir, environment(), "run", "page_views", "--project",
                dir.toString())) {
            awaitRequest("DELETE /killed/in/a.csv", killed);
            killed.kill();
        }
        List<List<String>> afterKill = query("SELECT status, attempts FROM pipit.after_import");
        List<List<String>> rowsAfterKill = query("SELECT count(*) FROM page_views");
        PipitProcess.Result next = run();

        assertThat(rowsAfterKill).containsExactly(List.of("10"));
        assertThat(afterKill).containsExactly(List.of("pending", "0"));
        assertThat(next.exitCode()).as(next.output()).isZero();
        assertThat(next.output()).contains("deleted s3://killed/in/a.csv");
        assertThat(keys("killed")).isEmpty();
        assertThat(query("SELECT count(*), count(DISTINCT id) FROM page_views")).containsExactly(List.of("10", "10"));
        assertThat(query("SELECT status FROM pipit.files")).containsExactly(List.of("imported"));
        assertThat(proxy.requests("GET /killed/in/a.csv")).isEqualTo(1);
        assertThat(proxy.requests("DELETE /killed/in/a.csv")).isEqualTo(2);
    }

    private void awaitRequest(String requestLinePart, PipitProcess process) throws InterruptedException {
        Instant deadline = Instant.now().plus(KILL_TIMEOUT);
        while (proxy.requests(requestLinePart) == 0) {
            if (Instant.now().isAfter(deadline) || !process.isAlive()) {
                throw new AssertionError("no " + requestLinePart + " came:\n" + process.output());
            }
            Thread.sleep(50);
        }
    }

    private List<String> keys(String bucket) {
        return server.admin().listObjectsV2(request -> request.bucket(bucket)).contents().stream()
                .map(S3Object::key)
                .toList();
    }

    private void project(String bucketUri, String afterImport) throws IOException {
        TestProjects.s3Project(dir, proxy.endpoint(), bucketUri, "S3_READ_TIMEOUT 30s\n",
                "IMPORT_AFTER_IMPORT " + afterImport + "\n");
    }

    private PipitProcess.Result run() throws Exception {
        return PipitProcess.run(dir, environment(), COMMAND_TIMEOUT, "run", "page_views", "--project", dir.toString());
    }

    private static JsonNode file(JsonNode files, String key) {
        for (JsonNode file : files) {
            if (file.get("key").asText().equals(key)) {
                return file;
            }
        }
        throw new AssertionError(key + " is not among the files: " + files);
    }

    private JsonNode filesJson() throws Exception {
        return PageViews.files(dir, environment(), COMMAND_TIMEOUT);
    }

    /** Reads the project's H2 database directly: a separate {@code bin/scheduler sql} would cost a JVM start. */
    private List<List<String>> query(String sql) throws Exception {
        return SqlProbe.h2(dir).rows(sql);
    }

    /** Actions that failed are due again at once, so the next run takes them. */
    private static Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("LANDING_KEY", S3Server.ACCESS_KEY);
        environment.put("LANDING_SECRET", S3Server.SECRET);
        environment.put("PIPIT_IMPORT_FILE_RETRY_BACKOFF", "0s");
        return environment;
    }
}
