package dev.pipit.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.distribution.testutil.PipitProcess;
import dev.pipit.distribution.testutil.SqlProbe;
import dev.pipit.testkit.kafka.KafkaBroker;
import dev.pipit.testkit.kafka.SchemaRegistryStub;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Avro topics end to end: the test broker, a schema registry on loopback ({@link SchemaRegistryStub}: no real
 * registry starts from Maven artifacts here), {@code bin/scheduler start} as a separate process, and the tables
 * read back over SQL (H2; the JSON cases of {@code KafkaStreamIT} cover PostgreSQL's write path).
 */
class KafkaAvroStreamIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final KafkaBroker BROKER = KafkaBroker.shared();
    private static final String REGISTRY_PASSWORD = "reg-s3cret-pw";

    private static final Schema PLACE = SchemaBuilder.record("Place").fields().requiredString("city").endRecord();
    private static final Schema ORDER_V1 = SchemaBuilder.record("Order").namespace("shop").fields()
            .requiredLong("id")
            .name("place").type().unionOf().nullType().and().type(PLACE).endUnion().nullDefault()
            .name("tags").type().array().items().stringType().noDefault()
            .name("counts").type().map().values().longType().noDefault()
            .name("amount").type(LogicalTypes.decimal(10, 2).addToSchema(Schema.create(Schema.Type.BYTES))).noDefault()
            .name("day").type(LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT))).noDefault()
            .name("at").type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
            .endRecord();
    private static final Schema ORDER_V2 = SchemaBuilder.record("Order").namespace("shop").fields()
            .requiredLong("id")
            .name("place").type().unionOf().nullType().and().type(PLACE).endUnion().nullDefault()
            .name("tags").type().array().items().stringType().noDefault()
            .name("counts").type().map().values().longType().noDefault()
            .name("amount").type(LogicalTypes.decimal(10, 2).addToSchema(Schema.create(Schema.Type.BYTES))).noDefault()
            .name("day").type(LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT))).noDefault()
            .name("at").type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
            .name("channel").type().stringType().stringDefault("web")
            .endRecord();
    private static final Schema KEY = SchemaBuilder.record("OrderKey").fields().requiredString("shop").endRecord();

    @TempDir
    Path dir;

    private SchemaRegistryStub registry;

    @BeforeEach
    void startRegistry() throws Exception {
        registry = SchemaRegistryStub.withCredentials("pipit", REGISTRY_PASSWORD);
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    /**
     * Two schema versions, an Avro key, nested paths, logical types, an inferred schema; an unknown schema id and
     * corrupt bytes quarantined; and the registry down when the daemon starts, which costs a restart and nothing
     * else: no message lost, none quarantined for it, and its password, written in the connection file, printed
     * neither by {@code check} nor by the daemon.
     */
    @Test
    void avroMessagesLandByPathAndTheRegistryBeingDownLosesNothing() throws Exception {
        String topic = "avro-orders";
        BROKER.createTopic(topic, 2);
        int v1 = registry.register(topic + "-value", ORDER_V1);
        int v2 = registry.register(topic + "-value", ORDER_V2);
        int keyId = registry.register(topic + "-key", KEY);
        GenericRecord key = new GenericData.Record(KEY);
        key.put("shop", "lisbon");
        byte[] corrupt = SchemaRegistryStub.encode(v2, ORDER_V2, order(ORDER_V2, 4));
        try (KafkaProducer<byte[], byte[]> producer = BROKER.producer()) {
            producer.send(new ProducerRecord<>(topic, 0, SchemaRegistryStub.encode(keyId, KEY, key),
                    SchemaRegistryStub.encode(v1, ORDER_V1, order(ORDER_V1, 1))));
            producer.send(new ProducerRecord<>(topic, 1, null, SchemaRegistryStub.encode(v2, ORDER_V2,
                    order(ORDER_V2, 2))));
            producer.send(new ProducerRecord<>(topic, 1, null, SchemaRegistryStub.encode(777, ORDER_V1,
                    order(ORDER_V1, 3))));
            producer.send(new ProducerRecord<>(topic, 0, null, Arrays.copyOf(corrupt, 9)));
            producer.flush();
        }
        writeProject(topic);
        // Written into the file as it is, the URL with its password is still masked: the plugin declares it secret.
        PipitProcess.Result check = PipitProcess.run(dir, environment(), TIMEOUT, "check", "--json", dir.toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("KAFKA_SCHEMA_REGISTRY_URL").doesNotContain(REGISTRY_PASSWORD);
        registry.down(true);
        try (PipitProcess daemon = PipitProcess.start(dir, environment(), "start", dir.toString())) {
            daemon.awaitLine("Pipit is running", TIMEOUT);
            daemon.awaitLine(".*answered HTTP 503.*", TIMEOUT);
            registry.down(false);
            probe().awaitCount("SELECT count(*) FROM orders", 2, TIMEOUT);
            probe().awaitCount("SELECT count(*) FROM orders_quarantine", 2, TIMEOUT);
            probe().awaitCount("SELECT count(*) FROM inferred", 2, TIMEOUT);
            probe().awaitCount("SELECT count(*) FROM inferred_quarantine", 2, TIMEOUT);
            assertThat(daemon.terminate(TIMEOUT)).as(daemon.output()).isEqualTo(143);
            assertThat(daemon.output()).doesNotContain(REGISTRY_PASSWORD);
        }
        assertThat(probe().text("SELECT city || ' ' || tag || ' ' || clicks || ' ' || amount || ' ' || \"day\""
                + " || ' ' || \"at\" FROM orders WHERE id = 1"))
                .isEqualTo("Lisbon a 5 12.50 2024-05-01 2024-05-01 12:00:00.123+00");
        assertThat(probe().text("SELECT __key FROM orders WHERE id = 1")).isEqualTo("{\"shop\":\"lisbon\"}");
        assertThat(probe().text("SELECT coalesce(channel, 'none') FROM orders WHERE id = 1")).isEqualTo("none");
        assertThat(probe().text("SELECT channel FROM orders WHERE id = 2")).isEqualTo("app");
        assertThat(probe().text("SELECT __value FROM orders WHERE id = 2")).startsWith("{\"id\":2,");
        assertThat(probe().text("SELECT c__error[1] FROM orders_quarantine WHERE __partition = '1'"))
                .contains("schema id 777 is not in the schema registry");
        assertThat(probe().text("SELECT c__error[1] FROM orders_quarantine WHERE __partition = '0'"))
                .contains("schema id " + v2, "Avro data");
        assertThat(probe().text("SELECT amount + 0.01 FROM inferred WHERE id = 2")).isEqualTo("12.51");
        assertThat(probe().text("SELECT \"day\" FROM inferred WHERE id = 2")).isEqualTo("2024-05-01");
        assertThat(probe().text("SELECT channel FROM inferred WHERE id = 2")).isEqualTo("app");
        assertThat(columnType("INFERRED", "AMOUNT")).isEqualToIgnoringCase("numeric");
        assertThat(columnType("INFERRED", "AT")).startsWithIgnoringCase("timestamp");
    }

    /** Like {@code KafkaStreamIT}'s acceptance case, with Avro values: a kill mid-stream neither loses nor repeats. */
    @Test
    void everyAvroMessageLandsOnceWhileTheDaemonIsKilled() throws Exception {
        int messages = 10_000;
        String topic = "avro-clicks";
        BROKER.createTopic(topic, 3);
        int id = registry.register(topic + "-value", ORDER_V2);
        writeProject(topic);
        Files.delete(dir.resolve("datasources/inferred.datasource"));
        Thread producer = new Thread(() -> {
            try (KafkaProducer<byte[], byte[]> out = BROKER.producer()) {
                for (int n = 0; n < messages; n++) {
                    out.send(new ProducerRecord<>(topic, n % 3, null, SchemaRegistryStub.encode(id, ORDER_V2,
                            order(ORDER_V2, n))));
                }
                out.flush();
            }
        }, "avro-producer");
        producer.start();
        try (PipitProcess daemon = PipitProcess.start(dir, environment(), "start", dir.toString())) {
            daemon.awaitLine("Pipit is running", TIMEOUT);
            probe().awaitMoreThan("SELECT count(*) FROM orders", 0, TIMEOUT);
            daemon.kill();
        }
        producer.join(TIMEOUT.toMillis());
        try (PipitProcess daemon = PipitProcess.start(dir, environment(), "start", dir.toString())) {
            daemon.awaitLine("Pipit is running", TIMEOUT);
            probe().awaitCount("SELECT count(*) FROM orders", messages, TIMEOUT);
            assertThat(daemon.terminate(TIMEOUT)).as(daemon.output()).isEqualTo(143);
        }
        assertThat(probe().count("SELECT count(DISTINCT id) FROM orders")).isEqualTo(messages);
        assertThat(probe().count("SELECT count(*) FROM orders_quarantine")).isZero();
        assertThat(probe().count("SELECT sum(next_offset) FROM pipit.stream_offsets")).isEqualTo(messages);
    }

    private static GenericRecord order(Schema schema, long id) {
        GenericRecord order = new GenericData.Record(schema);
        order.put("id", id);
        GenericRecord place = new GenericData.Record(PLACE);
        place.put("city", "Lisbon");
        order.put("place", place);
        order.put("tags", List.of("a"));
        order.put("counts", Map.of("clicks", 5L));
        order.put("amount", new Conversions.DecimalConversion().toBytes(new BigDecimal("12.50"), null,
                LogicalTypes.decimal(10, 2)));
        order.put("day", 19_844);
        order.put("at", 1_714_564_800_123L);
        if (schema.getField("channel") != null) {
            order.put("channel", "app");
        }
        return order;
    }

    private void writeProject(String topic) throws Exception {
        Files.createDirectories(dir.resolve("connections"));
        Files.createDirectories(dir.resolve("datasources"));
        Files.writeString(dir.resolve("connections/stream.connection"), """
                TYPE kafka
                KAFKA_BOOTSTRAP_SERVERS %s
                KAFKA_SCHEMA_REGISTRY_URL %s
                """.formatted(BROKER.bootstrapServers(),
                        registry.url().replace("http://", "http://pipit:" + REGISTRY_PASSWORD + "@")));
        Files.writeString(dir.resolve("datasources/orders.datasource"), """
                SCHEMA >
                    `id` Int64 `json:$.id`,
                    `city` Nullable(String) `json:$.place.city`,
                    `tag` Nullable(String) `json:$.tags[0]`,
                    `clicks` Nullable(Int64) `json:$.counts.clicks`,
                    `amount` Decimal(10, 2) `json:$.amount`,
                    `day` Date `json:$.day`,
                    `at` DateTime64(3) `json:$.at`,
                    `channel` Nullable(String) `json:$.channel`

                KAFKA_CONNECTION_NAME stream
                KAFKA_TOPIC %s
                KAFKA_GROUP_ID pipit-%s
                KAFKA_AUTO_OFFSET_RESET earliest
                KAFKA_VALUE_FORMAT avro
                KAFKA_KEY_AVRO_DESERIALIZATION true
                KAFKA_STORE_BINARY_HEADERS ''
                KAFKA_STORE_RAW_VALUE true
                """.formatted(topic, topic));
        Files.writeString(dir.resolve("datasources/inferred.datasource"), """
                KAFKA_CONNECTION_NAME stream
                KAFKA_TOPIC %s
                KAFKA_GROUP_ID pipit-inferred-%s
                KAFKA_AUTO_OFFSET_RESET earliest
                KAFKA_KEY_AVRO_DESERIALIZATION ''
                """.formatted(topic, topic));
    }

    private Map<String, String> environment() {
        return Map.of("PIPIT_JMX_PORT", Integer.toString(PipitProcess.freePort()));
    }

    private String columnType(String table, String column) throws Exception {
        return probe().text("SELECT data_type FROM information_schema.columns WHERE upper(table_name) = '" + table
                + "' AND upper(column_name) = '" + column + "'");
    }

    private SqlProbe probe() {
        return SqlProbe.h2Served(dir);
    }
}
