package dev.pipit.distribution;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.distribution.testutil.ConsoleClient;
import dev.pipit.distribution.testutil.PipitProcess;
import dev.pipit.distribution.testutil.SqlProbe;
import dev.pipit.testkit.db.Backend;
import dev.pipit.testkit.kafka.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Kafka data sources end to end: a real KRaft broker, {@code bin/scheduler start} as a separate process, and the
 * table read back over SQL; on H2 and on PostgreSQL. Topics and groups carry the backend's name, because both
 * runs share the JVM's broker.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class KafkaStreamIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    private static final KafkaBroker BROKER = KafkaBroker.shared();

    @Parameter
    Backend backend;

    @TempDir
    Path dir;

    /** The {@code db.*} settings of the daemon's database: a fresh PostgreSQL one, or H2's file under the project. */
    private Map<String, String> database;

    @BeforeEach
    void chooseDatabase() {
        database = backend == Backend.POSTGRESQL ? backend.freshSettings() : Map.of("db.url", "jdbc:h2:file:"
                + dir.resolve("data/pipit") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE",
                "db.user", "pipit", "db.password", "");
    }

    @Test
    void mapsNestedJsonKeepsValueAndHeadersQuarantinesBadMessagesAndLogsInWithSasl() throws Exception {
        String orders = topic("orders");
        String audit = topic("audit");
        BROKER.createTopic(orders, 2);
        BROKER.createTopic(audit, 1);
        writeProject(orders, """
                TYPE kafka
                KAFKA_BOOTSTRAP_SERVERS %s
                """.formatted(BROKER.bootstrapServers()), """
                TYPE kafka
                KAFKA_BOOTSTRAP_SERVERS %s
                KAFKA_SECURITY_PROTOCOL SASL_SSL
                KAFKA_SASL_MECHANISM SCRAM-SHA-512
                KAFKA_KEY {{ tb_secret("KAFKA_USER") }}
                KAFKA_SECRET {{ tb_secret("KAFKA_PASSWORD") }}
                KAFKA_SSL_CA_PEM {{ tb_secret("KAFKA_CA") }}
                """.formatted(BROKER.saslSslBootstrapServers()));
        try (KafkaProducer<byte[], byte[]> producer = BROKER.producer()) {
            ProducerRecord<byte[], byte[]> withHeader = new ProducerRecord<>(orders, 0, bytes("k1"),
                    bytes("{\"id\": 1, \"place\": {\"city\": \"Lisbon\"}, \"tags\": [\"a\", \"b\"]}"));
            withHeader.headers().add(new RecordHeader("source", bytes("web")));
            producer.send(withHeader);
            producer.send(new ProducerRecord<>(orders, 1, null, bytes("{\"id\": 2, \"place\": {\"city\": \"Porto\"},\n"
                    + "  \"tags\": []}")));
            producer.send(new ProducerRecord<>(orders, 1, null, bytes("{not json")));
            producer.send(new ProducerRecord<>(orders, 0, null, bytes("{\"id\": \"three\"}")));
            producer.send(new ProducerRecord<>(audit, 0, null, bytes("{\"id\": 7}")));
            producer.flush();
        }
        int port = PipitProcess.freePort();
        Map<String, String> environment = environment(Map.of("PIPIT_JMX_PORT", Integer.toString(port), "KAFKA_USER",
                KafkaBroker.SASL_USER, "KAFKA_PASSWORD", KafkaBroker.SASL_PASSWORD, "KAFKA_CA", BROKER.caPem()));
        try (PipitProcess daemon = PipitProcess.start(dir, environment, "start", dir.toString())) {
            daemon.awaitLine("Pipit is running", TIMEOUT);
            probe().awaitCount("SELECT count(*) FROM orders", 2, TIMEOUT);
            probe().awaitCount("SELECT count(*) FROM orders_quarantine", 2, TIMEOUT);
            probe().awaitCount("SELECT count(*) FROM audit", 1, TIMEOUT);

            PipitProcess.Result status = PipitProcess.run(dir, environment, TIMEOUT, "status", "--json",
                    "--project", dir.toString());
            assertThat(status.exitCode()).as(status.output()).isZero();
            assertThat(status.stdout()).contains("\"topic\" : \"" + orders + "\"", "\"stored_offset\" : 2", "\"lag\" : 0");

            PipitProcess.Result pause = PipitProcess.run(dir, environment, TIMEOUT, "pause", "audit", "--project",
                    dir.toString());
            assertThat(pause.stdout()).as(pause.output()).contains("audit: paused");
            BROKER.send(audit, 0, "{\"id\": 8}");
            PipitProcess.Result resume = PipitProcess.run(dir, environment, TIMEOUT, "resume", "audit", "--project",
                    dir.toString());
            assertThat(resume.exitCode()).as(resume.output()).isZero();
            probe().awaitCount("SELECT count(*) FROM audit", 2, TIMEOUT);
            pauseAndResumeFromTheConsole(ConsoleClient.of(daemon, null, null));
            assertThat(daemon.terminate(TIMEOUT)).as(daemon.output()).isEqualTo(143);
            assertThat(daemon.output()).doesNotContain(KafkaBroker.SASL_PASSWORD);
        }
        assertThat(probe().text("SELECT city FROM orders WHERE id = 1")).isEqualTo("Lisbon");
        assertThat(probe().text("SELECT tag FROM orders WHERE id = 1")).isEqualTo("a");
        assertThat(probe().text("SELECT __key FROM orders WHERE id = 1")).isEqualTo("k1");
        assertThat(probe().text("SELECT __headers FROM orders WHERE id = 1")).contains("\"source\"", "\"web\"");
        assertThat(probe().text("SELECT __value FROM orders WHERE id = 2")).contains("Porto");
        assertThat(probe().text("SELECT __topic || ':' || __partition || ':' || __offset FROM orders WHERE id = 2"))
                .isEqualTo(orders + ":1:0");
        assertThat(probe().text("SELECT c__error[1] FROM orders_quarantine WHERE __partition = '1' AND __offset = '1'"))
                .contains("invalid JSON");
        assertThat(probe().text("SELECT c__error[1] FROM orders_quarantine WHERE __partition = '0' AND __offset = '1'"))
                .contains("'three'", "Int64");
        assertThat(probe().count("SELECT count(*) FROM pipit.runs WHERE datasource = 'orders' AND trigger = 'stream'"))
                .isPositive();
    }

    /** The console's Pause and Resume act on the consumer as the commands do; its lag is a metric per partition. */
    private static void pauseAndResumeFromTheConsole(ConsoleClient console) throws Exception {
        assertThat(console.get("/datasources/audit").body()).contains("Consumer: running", "id=\"pause\"");
        assertThat(console.post("/datasources/audit/pause").statusCode()).isEqualTo(303);
        assertThat(console.get("/datasources/audit").body()).contains("Consumer: paused", "id=\"resume\"");
        assertThat(console.post("/datasources/audit/resume").statusCode()).isEqualTo(303);
        assertThat(console.get("/datasources/audit").body()).contains("Consumer: running");
        assertThat(console.post("/datasources/orders/run").statusCode()).isEqualTo(400);
        assertThat(console.get("/").body()).contains("data-datasource=\"orders\"");
        assertThat(console.get("/metrics").body()).contains("pipit_kafka_lag{datasource=\"orders\",partition=\"0\"} 0.0");
    }

    /**
     * The acceptance case, 100,000 messages and three kills, runs on H2; PostgreSQL gets a smaller stream and one
     * kill, which exercises the same COPY, offsets and recovery paths in a fraction of the time.
     */
    @Test
    void everyMessageLandsOnceWhileTheDaemonIsKilled() throws Exception {
        long messages = backend == Backend.H2 ? 100_000 : 20_000;
        int kills = backend == Backend.H2 ? 3 : 1;
        String clicks = topic("clicks");
        BROKER.createTopic(clicks, 3);
        writeProject(clicks, """
                TYPE kafka
                KAFKA_BOOTSTRAP_SERVERS %s
                """.formatted(BROKER.bootstrapServers()), null);
        AtomicReference<Exception> producerFailure = new AtomicReference<>();
        Thread producer = new Thread(() -> produce(clicks, messages, producerFailure), "producer");
        producer.start();
        Map<String, String> environment = environment(Map.of("PIPIT_JMX_PORT",
                Integer.toString(PipitProcess.freePort()), "PIPIT_NODE_ID", "killed"));
        long seen = 0;
        for (int kill = 0; kill < kills; kill++) {
            try (PipitProcess daemon = PipitProcess.start(dir, environment, "start", dir.toString())) {
                daemon.awaitLine("Pipit is running", TIMEOUT);
                seen = probe().awaitMoreThan("SELECT count(*) FROM orders", seen, TIMEOUT);
                daemon.kill();
            }
        }
        producer.join(TIMEOUT.toMillis());
        assertThat(producerFailure.get()).isNull();
        try (PipitProcess daemon = PipitProcess.start(dir, environment, "start", dir.toString())) {
            daemon.awaitLine("Pipit is running", TIMEOUT);
            probe().awaitCount("SELECT count(*) FROM orders", messages, TIMEOUT);
            assertThat(daemon.terminate(TIMEOUT)).as(daemon.output()).isEqualTo(143);
        }
        assertThat(probe().count("SELECT count(*) FROM orders")).isEqualTo(messages);
        assertThat(probe().count("SELECT count(*) FROM (SELECT DISTINCT __partition, __offset FROM orders) d"))
                .isEqualTo(messages);
        assertThat(probe().count("SELECT count(DISTINCT id) FROM orders")).isEqualTo(messages);
        assertThat(probe().count("SELECT sum(next_offset) FROM pipit.stream_offsets")).isEqualTo(messages);
        // Each kill cut one consumption interval short; the next start says what became of its batch.
        assertThat(probe().count("SELECT count(*) FROM pipit.runs WHERE trigger = 'stream' AND status = 'failed'"
                + " AND error LIKE '%batch it was writing was rolled back and is consumed again%'")).isEqualTo(kills);
    }

    /** A name of the broker's that no other backend's run uses. */
    private String topic(String name) {
        return name + "-" + backend.name().toLowerCase(Locale.ROOT);
    }

    /** {@code extra} and the daemon's database. */
    private Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> environment = new HashMap<>(extra);
        if (backend == Backend.POSTGRESQL) {
            environment.put("PIPIT_DB_URL", database.get("db.url"));
            environment.put("PIPIT_DB_USER", database.get("db.user"));
            environment.put("PIPIT_DB_PASSWORD", database.get("db.password"));
        }
        return environment;
    }

    /**
     * One connection and data source {@code orders} reading {@code topic}; with {@code secureConnection}, also
     * {@code audit} over it.
     */
    private void writeProject(String topic, String connection, String secureConnection) throws Exception {
        Files.createDirectories(dir.resolve("connections"));
        Files.createDirectories(dir.resolve("datasources"));
        Files.writeString(dir.resolve("connections/stream.connection"), connection);
        Files.writeString(dir.resolve("datasources/orders.datasource"), """
                SCHEMA >
                    `id` Int64 `json:$.id`,
                    `city` Nullable(String) `json:$.place.city`,
                    `tag` Nullable(String) `json:$.tags[0]`

                KAFKA_CONNECTION_NAME stream
                KAFKA_TOPIC %s
                KAFKA_GROUP_ID pipit-%s
                KAFKA_AUTO_OFFSET_RESET earliest
                KAFKA_STORE_RAW_VALUE True
                KAFKA_STORE_HEADERS True
                """.formatted(topic, topic));
        if (secureConnection != null) {
            Files.writeString(dir.resolve("connections/secure.connection"), secureConnection);
            Files.writeString(dir.resolve("datasources/audit.datasource"), """
                    SCHEMA >
                        `id` Int64 `json:$.id`

                    KAFKA_CONNECTION_NAME secure
                    KAFKA_TOPIC %s
                    KAFKA_GROUP_ID pipit-%s
                    KAFKA_AUTO_OFFSET_RESET earliest
                    """.formatted(topic("audit"), topic("audit")));
        }
    }

    private static void produce(String topic, long messages, AtomicReference<Exception> failure) {
        try (KafkaProducer<byte[], byte[]> producer = BROKER.producer()) {
            for (long id = 0; id < messages; id++) {
                producer.send(new ProducerRecord<>(topic, (int) (id % 3), null,
                        bytes("{\"id\": " + id + ", \"place\": {\"city\": \"c" + id % 7 + "\"}}")));
            }
            producer.flush();
        } catch (Exception e) {
            failure.set(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    private SqlProbe probe() {
        return SqlProbe.of(database);
    }
}
