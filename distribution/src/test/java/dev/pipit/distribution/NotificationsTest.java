package dev.pipit.distribution;

import static dev.pipit.distribution.testutil.TestProjects.csvBytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.distribution.testutil.Browser;
import dev.pipit.distribution.testutil.FaultProxy;
import dev.pipit.distribution.testutil.PipitProcess;
import dev.pipit.distribution.testutil.TestProjects;
import dev.pipit.scheduler.cli.StatusReport;
import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.daemon.Daemon;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.ledger.FileLedger;
import dev.pipit.scheduler.ledger.FileStatus;
import dev.pipit.scheduler.metrics.PipitMetrics;
import dev.pipit.scheduler.notification.NotificationQueues;
import dev.pipit.scheduler.notification.NotificationQueues.QueueState;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.project.ProjectLoader;
import dev.pipit.scheduler.project.SecretResolver;
import dev.pipit.testkit.db.Backend;
import dev.pipit.testkit.s3.S3Server;
import dev.pipit.testkit.sqs.ElasticMq;
import dev.pipit.testkit.sqs.S3Events;
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
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Event-driven discovery in a daemon, against real servers on loopback: S3Proxy behind a proxy that counts the
 * listings, and ElasticMQ as the queue the bucket's events go to, in AWS's three shapes. On H2 and PostgreSQL.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class NotificationsTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String LIST = "?list-type=2";

    private static S3Server s3;
    private static ElasticMq sqs;

    @Parameter
    Backend backend;

    @TempDir
    Path dir;

    private FaultProxy proxy;
    private String bucket;
    private String queue;
    private Database database;

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

    @BeforeEach
    void createBucketAndQueue() throws Exception {
        String name = "n" + UUID.randomUUID().toString().substring(0, 8);
        bucket = name;
        s3.createBucket(bucket);
        queue = sqs.createQueue(name, Duration.ofSeconds(1));
        proxy = FaultProxy.start(s3.endpoint());
    }

    @AfterEach
    void close() throws Exception {
        proxy.close();
        if (database != null) {
            database.close();
        }
    }

    @Test
    void eventImportsEachShapeAndAcknowledgesWhatItIgnoresButNotWhatItCannotRead() throws Exception {
        writeProject("@event", "0");
        try (Daemon daemon = start(Map.of())) {
            await("the start-up listing", () -> proxy.requests(LIST) >= 1);
            HeadObjectResponse a = put("in/a.csv", 0, 9);
            HeadObjectResponse b = put("in/b b.csv", 10, 19);
            HeadObjectResponse c = put("in/c.csv", 20, 29);
            sqs.send(queue, S3Events.created(bucket, "in/a.csv", a.contentLength(), etag(a), a.lastModified()));
            sqs.send(queue, S3Events.snsWrapped(S3Events.created(bucket, "in/b b.csv", b.contentLength(), etag(b),
                    b.lastModified())));
            sqs.send(queue, S3Events.eventBridge(bucket, "in/c.csv", c.contentLength(), etag(c), c.lastModified()));
            // The same event again, the bucket's test event, another bucket, another prefix and a removal.
            sqs.send(queue, S3Events.created(bucket, "in/a.csv", a.contentLength(), etag(a), a.lastModified()));
            sqs.send(queue, S3Events.testEvent(bucket));
            sqs.send(queue, S3Events.created("other-bucket", "in/x.csv", 5, "x", Instant.now()));
            sqs.send(queue, S3Events.created(bucket, "out/y.csv", 5, "y", Instant.now()));
            sqs.send(queue, S3Events.direct("ObjectRemoved:Delete", bucket, "in/a.csv", 0, "", Instant.now()));
            sqs.send(queue, "{\"not\": \"an S3 event\"}");

            await("three files imported", () -> imported() == 3);
            await("every readable message deleted", () -> sqs.messages(queue) == 1);
            await("the malformed message counted", () -> state().malformed() >= 1);
            assertThat(rows()).isEqualTo(30);
            assertThat(new FileLedger(database.jdbi()).list("events", null, 0)).hasSize(3);
            assertThat(proxy.requests(LIST)).as("listings").isEqualTo(1);
            QueueState state = state();
            assertThat(state.lastMessageAt()).isNotNull();
            assertThat(state.ignored()).isGreaterThanOrEqualTo(2);
            assertThat(state.failing()).isFalse();

            List<StatusReport.Line> lines = StatusReport.of(daemon.scheduler().project(),
                    PluginRegistry.forInstallation(), database);
            assertThat(lines.get(0).toJson()).extractingByKey("notifications").asString()
                    .contains("queue=" + queue, "state=polled", "malformed=");
            StringWriter table = new StringWriter();
            StatusReport.queueTable(StatusReport.queuesOf(lines)).print(new PrintWriter(table, true));
            assertThat(table.toString().lines().toList()).first().asString()
                    .startsWith("QUEUE").contains("STATE", "LAST MESSAGE", "BACKLOG", "MALFORMED", "LAST ERROR");
            assertThat(table.toString().lines().toList()).element(1).asString().startsWith(queue).contains("polled");
            HttpResponse<String> overview = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(daemon.consoleUrl().orElseThrow()).resolve("/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(overview.body()).contains("<h2>Notification queues</h2>", "data-queue=\"" + queue + "\"",
                    "<td>events</td>", "badge succeeded");
            try (Browser browser = Browser.open(Files.createDirectories(dir.resolve("chromium")))) {
                browser.driver().get(daemon.consoleUrl().orElseThrow());
                WebElement row = browser.driver().findElement(By.cssSelector("table.queues tr[data-queue='" + queue
                        + "']"));
                assertThat(row.getText()).contains(queue, "events", "ok");
                List<String> numbers = row.findElements(By.cssSelector("td.num")).stream().map(WebElement::getText)
                        .toList();
                assertThat(numbers).as("backlog, messages, malformed, errors").hasSize(4);
                assertThat(Integer.parseInt(numbers.get(1))).isGreaterThanOrEqualTo(4);
                assertThat(Integer.parseInt(numbers.get(2))).isGreaterThanOrEqualTo(1);
            }
            try (PipitMetrics metrics = PipitMetrics.start(database, daemon.scheduler()::project,
                    PluginRegistry.forInstallation())) {
                assertThat(metrics.scrape()).contains("pipit_notifications_malformed_total{queue=\"" + queue + "\"}",
                        "pipit_notifications_backlog{queue=\"" + queue + "\"}");
            }
        }
    }

    @Test
    void autoWithNotificationsImportsFromTheLedgerAndListsOnlyAtStartUp() throws Exception {
        writeProject("@auto", "0");
        try (Daemon daemon = start(Map.of("auto.interval", "1s"))) {
            HeadObjectResponse a = put("in/a.csv", 0, 9);
            sqs.send(queue, S3Events.created(bucket, "in/a.csv", a.contentLength(), etag(a), a.lastModified()));
            await("the file imported", () -> imported() == 1);
            long listings = proxy.requests(LIST);
            int runs = runs();
            await("three more ticks", () -> runs() >= runs + 3);

            assertThat(proxy.requests(LIST)).isEqualTo(listings).isEqualTo(1);
            assertThat(rows()).isEqualTo(10);
        }
    }

    @Test
    void aLostEventAndAQueueUnreachableForAWhileAreMadeUpForByTheBackfill() throws Exception {
        writeProject("@event", "2s");
        try (Daemon daemon = start(Map.of("auto.interval", "1s"))) {
            put("in/lost.csv", 0, 9);
            await("the file no event told of imported by a backfill listing", () -> imported() == 1);

            sqs.stop();
            try {
                await("the poller failing", () -> state().failing());
                put("in/during-outage.csv", 10, 19);
                await("the file that arrived while the queue was away imported", () -> imported() == 2);
            } finally {
                sqs.restart();
            }
            queue = sqs.createQueue(bucket, Duration.ofSeconds(1));
            HeadObjectResponse after = put("in/after.csv", 20, 29);
            sqs.send(queue, S3Events.created(bucket, "in/after.csv", after.contentLength(), etag(after),
                    after.lastModified()));
            await("the poller answering again and the next event's file imported", () -> imported() == 3
                    && !state().failing());
            assertThat(rows()).isEqualTo(30);
        }
    }

    private void writeProject(String schedule, String backfill) throws Exception {
        TestProjects.s3EventsProject(dir, proxy.endpoint(), bucket, queue, schedule, backfill, "");
    }

    private Daemon start(Map<String, String> extra) throws Exception {
        Map<String, String> settings = new HashMap<>(backend.freshSettings());
        settings.put("node.id", "events-node");
        settings.put("jmx.port", Integer.toString(PipitProcess.freePort()));
        settings.put("http.port", "0");
        settings.put("auto.interval", "1h");
        settings.put("notifications.wait", "1s");
        settings.put("notifications.max-backoff", "1s");
        settings.put("notifications.backlog-interval", "1s");
        settings.putAll(extra);
        PipitConfig config = PipitConfig.of(settings);
        PluginRegistry plugins = PluginRegistry.forInstallation();
        Project project = new ProjectLoader(plugins, new SecretResolver(Map.of(), Map.of())).load(dir);
        assertThat(project.hasErrors()).as(project.errors().toString()).isFalse();
        // The test's own pool keeps an in-memory H2 database alive after the daemon closes its pool.
        database = Database.open(config, dir);
        return Daemon.start(config, project, plugins);
    }

    private HeadObjectResponse put(String key, long firstId, long lastId) {
        s3.put(bucket, key, csvBytes(firstId, lastId));
        return s3.admin().headObject(request -> request.bucket(bucket).key(key));
    }

    private static String etag(HeadObjectResponse head) {
        return head.eTag().replace("\"", "");
    }

    private long imported() {
        return new FileLedger(database.jdbi()).counts("events").get(FileStatus.IMPORTED);
    }

    private long rows() {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT count(DISTINCT id) FROM events")
                .mapTo(Long.class).one());
    }

    private int runs() {
        return database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM pipit.runs WHERE datasource = 'events' AND status <> 'running'")
                .mapTo(Integer.class).one());
    }

    private QueueState state() {
        return new NotificationQueues(database.jdbi()).all().stream().filter(q -> q.queue().equals(queue))
                .findFirst().orElse(new QueueState(queue, null, null, null, null, 0, 0, 0, 0, null, null));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as(what).isBefore(deadline);
            Thread.sleep(100);
        }
    }
}
