package dev.pipit.distribution;

import static dev.pipit.distribution.testutil.TestProjects.csvBytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.distribution.testutil.FaultProxy;
import dev.pipit.distribution.testutil.PipitProcess;
import dev.pipit.distribution.testutil.TestProjects;
import dev.pipit.testkit.db.Backend;
import dev.pipit.testkit.s3.S3Server;
import dev.pipit.testkit.sqs.ElasticMq;
import dev.pipit.testkit.sqs.S3Events;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Bucket notifications with daemons as separate processes ({@code bin/scheduler start}) on PostgreSQL: a daemon
 * killed with {@code kill -9} after it recorded an event's key but before it deleted the message, and three daemons
 * sharing one queue. ElasticMQ and S3Proxy run in the test's JVM.
 */
class NotificationsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String DELETE = "X-Amz-Target: AmazonSQS.DeleteMessageBatch";

    private static S3Server s3;
    private static ElasticMq sqs;

    @TempDir
    Path dir;

    private Map<String, String> database;
    private final Map<String, PipitProcess> nodes = new LinkedHashMap<>();

    @BeforeAll
    static void startServers() throws Exception {
        s3 = S3Server.withKeys();
        sqs = ElasticMq.start();
    }

    @AfterAll
    static void stopServers() throws Exception {
        sqs.close();
        s3.close();
    }

    @AfterEach
    void stopNodes() throws InterruptedException {
        for (PipitProcess node : nodes.values()) {
            node.close();
        }
    }

    @Test
    void aDaemonKilledBetweenTheLedgerCommitAndTheDeleteGetsTheEventAgainAndImportsTheFileOnce() throws Exception {
        s3.createBucket("crash");
        String queue = sqs.createQueue("crash", Duration.ofSeconds(2));
        try (FaultProxy proxy = FaultProxy.start(sqs.endpoint())) {
            // Every delete is refused on its way to the queue: the key reaches the ledger, the message stays.
            proxy.injectAlways(DELETE, FaultProxy.Fault.RESET);
            writeProject("crash", throughProxy(queue, proxy));
            database = Backend.POSTGRESQL.freshSettings();
            startNode("node-a");
            awaitTrue("the start-up listing", () -> queryLong("SELECT count(*) FROM pipit.listings") == 1);
            HeadObjectResponse head = put("crash", "in/a.csv", 0, 99);
            sqs.send(queue, S3Events.created("crash", "in/a.csv", head.contentLength(), etag(head),
                    head.lastModified()));
            awaitTrue("the key recorded and its message's delete refused", () ->
                    queryLong("SELECT count(*) FROM pipit.files WHERE status = 'pending'") == 1
                            && proxy.requests(DELETE) >= 1);

            nodes.remove("node-a").kill();
            assertThat(queryLong("SELECT count(*) FROM pipit.files WHERE status = 'imported'")).isZero();
            assertThat(sqs.messages(queue)).isEqualTo(1);
            proxy.clear();
            // No tick is due for an hour: only the message, delivered again, can start the run that imports the file.
            startNode("node-a");

            awaitTrue("the file imported", () ->
                    queryLong("SELECT count(*) FROM pipit.files WHERE status = 'imported'") == 1);
            awaitTrue("the message deleted", () -> sqs.messages(queue) == 0);
            assertThat(queryLong("SELECT count(*) FROM pipit.files")).isEqualTo(1);
            assertRowsOnce(100);
        }
    }

    @Test
    void threeDaemonsSharingOneQueueImportEachFileOnce() throws Exception {
        s3.createBucket("shared");
        String queue = sqs.createQueue("shared", Duration.ofSeconds(5));
        writeProject("shared", queue);
        database = Backend.POSTGRESQL.freshSettings();
        startNode("node-a");
        startNode("node-b");
        startNode("node-c");
        int files = 30;
        for (int i = 0; i < files; i++) {
            String key = "in/f-" + i + ".csv";
            HeadObjectResponse head = put("shared", key, i * 10L, i * 10L + 9);
            String event = S3Events.created("shared", key, head.contentLength(), etag(head), head.lastModified());
            sqs.send(queue, i % 2 == 0 ? event : S3Events.snsWrapped(event));
            if (i % 5 == 0) {
                sqs.send(queue, event);
            }
        }

        awaitTrue(files + " files imported", () ->
                queryLong("SELECT count(*) FROM pipit.files WHERE status = 'imported'") == files);
        awaitTrue("every message deleted", () -> sqs.messages(queue) == 0);
        assertThat(queryLong("SELECT count(*) FROM pipit.files")).isEqualTo(files);
        assertRowsOnce(files * 10L);
        System.out.println("NotificationsIT: runs per node " + queryRows(
                "SELECT node, count(*) FROM pipit.runs WHERE files > 0 GROUP BY node ORDER BY node"));
    }

    private void writeProject(String bucket, String queue) throws Exception {
        TestProjects.s3EventsProject(dir, s3.endpoint(), bucket, queue, "@event", "0", "S3_READ_TIMEOUT 10s\n");
    }

    private static String throughProxy(String queue, FaultProxy proxy) {
        URI url = URI.create(queue);
        return proxy.endpoint() + url.getPath();
    }

    private void startNode(String node) throws Exception {
        Map<String, String> environment = new HashMap<>(Map.of(
                "PIPIT_DB_URL", database.get("db.url"),
                "PIPIT_DB_USER", database.get("db.user"),
                "PIPIT_DB_PASSWORD", database.get("db.password"),
                "PIPIT_NODE_ID", node,
                "PIPIT_JMX_PORT", Integer.toString(PipitProcess.freePort()),
                "PIPIT_HTTP_ENABLED", "false",
                // No tick imports a pending file during the test: only the runs events start do.
                "PIPIT_AUTO_INTERVAL", "1h",
                "PIPIT_NOTIFICATIONS_WAIT", "1s",
                "PIPIT_NOTIFICATIONS_MAX_BACKOFF", "1s"));
        environment.put("PIPIT_CLUSTER_CHECKIN_INTERVAL", "1s");
        PipitProcess process = PipitProcess.start(dir, environment, "start", dir.toString());
        nodes.put(node, process);
        process.awaitLine("Pipit is running", TIMEOUT);
    }

    private HeadObjectResponse put(String bucket, String key, long firstId, long lastId) {
        s3.put(bucket, key, csvBytes(firstId, lastId));
        return s3.admin().headObject(request -> request.bucket(bucket).key(key));
    }

    private static String etag(HeadObjectResponse head) {
        return head.eTag().replace("\"", "");
    }

    private void awaitTrue(String what, Callable<Boolean> condition) throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (!condition.call()) {
            if (Instant.now().isAfter(deadline)) {
                List<String> outputs = new ArrayList<>();
                nodes.forEach((node, process) -> outputs.add(node + ":\n" + process.output()));
                throw new AssertionError("not in time: " + what + "\n" + String.join("\n", outputs));
            }
            Thread.sleep(100);
        }
    }

    private void assertRowsOnce(long rows) throws SQLException {
        assertThat(queryLong("SELECT count(*) FROM events")).isEqualTo(rows);
        assertThat(queryLong("SELECT count(DISTINCT id) FROM events")).isEqualTo(rows);
    }

    private long queryLong(String sql) throws SQLException {
        List<List<String>> rows = queryRows(sql);
        return rows.isEmpty() ? 0 : Long.parseLong(rows.get(0).get(0));
    }

    private List<List<String>> queryRows(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.get("db.url"), database.get("db.user"),
                        database.get("db.password"));
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            List<List<String>> result = new ArrayList<>();
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rows.getString(i));
                }
                result.add(row);
            }
            return result;
        }
    }
}
