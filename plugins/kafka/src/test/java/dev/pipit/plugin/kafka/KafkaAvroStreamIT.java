package dev.pipit.plugin.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipit.spi.connector.ConnectorContext;
import dev.pipit.spi.error.ErrorCategory;
import dev.pipit.spi.stream.PartitionListener;
import dev.pipit.spi.stream.RecordStream;
import dev.pipit.spi.stream.StreamException;
import dev.pipit.spi.stream.StreamRecord;
import dev.pipit.spi.stream.StreamSubscription;
import dev.pipit.testkit.kafka.KafkaBroker;
import dev.pipit.testkit.kafka.SchemaRegistryStub;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Avro and JSON Schema topics through a schema registry, against the test broker: messages written in the wire
 * format with Avro's own encoder come out as the members (and JSON text) the core maps to columns; what cannot be
 * decoded carries its reason; a registry that is down fails the poll (nothing is blamed on a message), and its
 * credentials never show.
 */
class KafkaAvroStreamIT {
    private static final KafkaBroker BROKER = KafkaBroker.shared();
    private static final String REGISTRY_USER = "registry-user";
    private static final String REGISTRY_PASSWORD = "r3g1stry-pw";

    private static SchemaRegistryStub registry;

    private final KafkaConnectorFactory factory = new KafkaConnectorFactory();

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = SchemaRegistryStub.withCredentials(REGISTRY_USER, REGISTRY_PASSWORD);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void everyAvroTypeBecomesTheJsonItsColumnsRead() throws Exception {
        int id = registry.register("orders-value", EveryAvroType.SCHEMA);
        String topic = "avro-types";
        BROKER.createTopic(topic, 1);
        send(topic, null, SchemaRegistryStub.encode(id, EveryAvroType.SCHEMA, EveryAvroType.ORDER));

        List<StreamRecord> records = read(topic, Map.of("KAFKA_VALUE_FORMAT", "avro"), 1);

        assertThat(reason(records.get(0))).isNull();
        assertThat(valueText(records.get(0))).isEqualTo(EveryAvroType.JSON);
    }

    /**
     * One topic holds: a message of the first schema, one of its evolved version (a new field with a default), an
     * Avro key, a message whose id the registry does not know, one with corrupt bytes, one not in the wire format.
     */
    @Test
    void eachMessageIsDecodedWithItsOwnWriterSchemaAndTheUndecodableOnesSayWhy() throws Exception {
        Schema v1 = SchemaBuilder.record("Click").fields().requiredLong("id").endRecord();
        Schema v2 = SchemaBuilder.record("Click").fields().requiredLong("id")
                .name("page").type().stringType().stringDefault("home").endRecord();
        Schema keySchema = SchemaBuilder.record("ClickKey").fields().requiredString("user").endRecord();
        int first = registry.register("clicks-value", v1);
        int second = registry.register("clicks-value", v2);
        int keyId = registry.register("clicks-key", keySchema);
        GenericRecord key = new GenericData.Record(keySchema);
        key.put("user", "ana");
        GenericRecord old = new GenericData.Record(v1);
        old.put("id", 1L);
        GenericRecord evolved = new GenericData.Record(v2);
        evolved.put("id", 2L);
        evolved.put("page", "cart");
        byte[] whole = SchemaRegistryStub.encode(second, v2, evolved);
        byte[] corrupt = Arrays.copyOf(whole, whole.length - 2);
        String topic = "avro-mixed";
        BROKER.createTopic(topic, 1);
        byte[] encodedKey = SchemaRegistryStub.encode(keyId, keySchema, key);
        send(topic, encodedKey, SchemaRegistryStub.encode(first, v1, old));
        send(topic, encodedKey, SchemaRegistryStub.encode(second, v2, evolved));
        send(topic, null, SchemaRegistryStub.encode(9_999, v1, old));
        send(topic, null, corrupt);
        send(topic, null, "{\"id\": 5}".getBytes(UTF_8));

        List<StreamRecord> records = read(topic, Map.of("KAFKA_VALUE_FORMAT", "avro",
                "KAFKA_KEY_AVRO_DESERIALIZATION", "true"), 5);

        assertThat(valueText(records.get(0))).isEqualTo("{\"id\":1}");
        assertThat(text(records.get(0).key())).isEqualTo("{\"user\":\"ana\"}");
        assertThat(valueText(records.get(1))).isEqualTo("{\"id\":2,\"page\":\"cart\"}");
        assertThat(reason(records.get(2))).contains("schema id 9999 is not in the schema registry")
                .doesNotContain(REGISTRY_PASSWORD);
        assertThat(reason(records.get(3))).contains("schema id " + second).contains("bytes end inside the Avro data");
        assertThat(reason(records.get(4))).contains("not in the schema registry wire format");
        assertThat(records.subList(0, 2)).allMatch(record -> reason(record) == null);
    }

    @Test
    void jsonWithSchemaLosesItsPrefixAndBinaryHeadersBecomeBase64() throws Exception {
        String topic = "json-schema";
        BROKER.createTopic(topic, 1);
        byte[] json = "{\"id\":7}".getBytes(UTF_8);
        byte[] framed = new byte[json.length + 5];
        framed[4] = 42;
        System.arraycopy(json, 0, framed, 5, json.length);
        try (KafkaProducer<byte[], byte[]> producer = BROKER.producer()) {
            ProducerRecord<byte[], byte[]> message = new ProducerRecord<>(topic, 0, null, framed);
            message.headers().add(new RecordHeader("trace", new byte[] {0, (byte) 0xfe}));
            producer.send(message).get();
        }

        int requestsBefore = registry.requests();

        StreamRecord record = read(topic, Map.of("KAFKA_VALUE_FORMAT", "json_with_schema",
                "KAFKA_STORE_BINARY_HEADERS", "true"), 1).get(0);

        assertThat(text(record.value())).isEqualTo("{\"id\":7}");
        assertThat(text(record.headers().get(0).value())).isEqualTo("AP4=");
        assertThat(registry.requests()).as("json_with_schema never asks the registry").isEqualTo(requestsBefore);
    }

    /** Without KAFKA_VALUE_FORMAT, the registry says what each wire-format message is; plain JSON passes as it is. */
    @Test
    void withoutAFormatTheRegistryNamesEachMessagesSchemaType() throws Exception {
        int json = registry.register("detected-value", "{\"type\":\"object\"}", "JSON");
        int protobuf = registry.register("detected-value", "syntax = \"proto3\"; message M {}", "PROTOBUF");
        String topic = "detected";
        BROKER.createTopic(topic, 1);
        send(topic, null, framed(json, "{\"id\":1}"));
        send(topic, null, "{\"id\":2}".getBytes(UTF_8));
        send(topic, null, framed(protobuf, ""));

        List<StreamRecord> records = read(topic, Map.of(), 3);

        assertThat(text(records.get(0).value())).isEqualTo("{\"id\":1}");
        assertThat(text(records.get(1).value())).isEqualTo("{\"id\":2}");
        assertThat(records.get(2).error()).contains("PROTOBUF schema", "Avro and JSON Schema");
    }

    private static byte[] framed(int schemaId, String json) {
        byte[] text = json.getBytes(UTF_8);
        return ByteBuffer.allocate(5 + text.length).put((byte) 0).putInt(schemaId).put(text).array();
    }

    /**
     * An outage is no message's fault: the poll fails as one that may pass, and once the registry is back the
     * same stream hands the same messages again, decoded.
     */
    @Test
    void aRegistryThatIsDownFailsThePollAndTheMessagesDecodeOnceItIsBack() throws Exception {
        Schema schema = SchemaBuilder.record("Tick").fields().requiredInt("n").endRecord();
        int id = registry.register("ticks-value", schema);
        GenericRecord tick = new GenericData.Record(schema);
        tick.put("n", 1);
        String topic = "avro-outage";
        BROKER.createTopic(topic, 1);
        send(topic, null, SchemaRegistryStub.encode(id, schema, tick));

        registry.down(true);
        try (RecordStream stream = factory.openStream(context(registryUrl(REGISTRY_PASSWORD)),
                subscription(topic, Map.of("KAFKA_VALUE_FORMAT", "avro")))) {
            assertThatThrownBy(() -> {
                for (int polls = 0; polls < 40; polls++) {
                    stream.poll(Duration.ofMillis(500));
                }
            }).isInstanceOfSatisfying(StreamException.class,
                    e -> assertThat(e.category()).isEqualTo(ErrorCategory.RETRIABLE))
                    .hasMessageContaining("answered HTTP 503")
                    .hasMessageNotContaining(REGISTRY_PASSWORD)
                    .hasMessageNotContaining(REGISTRY_USER);

            registry.down(false);
            List<StreamRecord> again = new ArrayList<>();
            for (int polls = 0; polls < 20 && again.isEmpty(); polls++) {
                again.addAll(stream.poll(Duration.ofMillis(500)));
            }
            assertThat(again).extracting(KafkaAvroStreamIT::valueText).containsExactly("{\"n\":1}");
        } finally {
            registry.down(false);
        }
    }

    /**
     * Refused registry credentials, or a URL that leads elsewhere than a registry's API, are the connection's
     * fault: a configuration failure, and no message is quarantined for it.
     */
    @Test
    void wrongRegistryCredentialsOrPathFailAsConfigurationWithoutShowingThem() throws Exception {
        Schema schema = SchemaBuilder.record("Tock").fields().requiredInt("n").endRecord();
        int id = registry.register("tocks-value", schema);
        GenericRecord tock = new GenericData.Record(schema);
        tock.put("n", 1);
        String topic = "avro-refused";
        BROKER.createTopic(topic, 1);
        send(topic, null, SchemaRegistryStub.encode(id, schema, tock));

        assertConfigurationFailure(topic, registryUrl("wr0ng-pw"), "HTTP 401");
        assertConfigurationFailure(topic, registryUrl(REGISTRY_PASSWORD) + "/not-the-api", "HTTP 404");
    }

    private void assertConfigurationFailure(String topic, String registryUrl, String answer) throws IOException {
        try (RecordStream stream = factory.openStream(context(registryUrl), subscription(topic, Map.of()))) {
            assertThatThrownBy(() -> {
                for (int polls = 0; polls < 40; polls++) {
                    assertThat(stream.poll(Duration.ofMillis(500))).as("nothing is blamed on a message").isEmpty();
                }
            }).isInstanceOfSatisfying(StreamException.class,
                    e -> assertThat(e.category()).isEqualTo(ErrorCategory.CONFIGURATION))
                    .hasMessageContaining(answer)
                    .hasMessageContaining("KAFKA_SCHEMA_REGISTRY_URL")
                    .hasMessageNotContaining("wr0ng-pw")
                    .hasMessageNotContaining(REGISTRY_PASSWORD);
        }
    }

    private List<StreamRecord> read(String topic, Map<String, String> settings, int count) {
        List<StreamRecord> records = new ArrayList<>();
        try (RecordStream stream = factory.openStream(context(registryUrl(REGISTRY_PASSWORD)),
                subscription(topic, settings))) {
            for (int polls = 0; polls < 100 && records.size() < count; polls++) {
                records.addAll(stream.poll(Duration.ofMillis(500)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(records).hasSize(count);
        return records;
    }

    private static StreamSubscription subscription(String topic, Map<String, String> settings) {
        return new StreamSubscription(topic, topic + "-" + UUID.randomUUID(), true, 100, new PartitionListener() {
            @Override
            public Map<Integer, Long> assigned(Set<Integer> partitions) {
                return Map.of();
            }

            @Override
            public void revoked(Set<Integer> partitions) {}
        }, settings);
    }

    private static String registryUrl(String password) {
        return registry.url().replace("http://", "http://" + REGISTRY_USER + ":" + password + "@");
    }

    private static ConnectorContext context(String registryUrl) {
        Map<String, String> settings = new HashMap<>(Map.of(
                KafkaConnectorFactory.BOOTSTRAP_SERVERS.name(), BROKER.bootstrapServers(),
                KafkaConnectorFactory.SECURITY_PROTOCOL.name(), "PLAINTEXT",
                KafkaConnectorFactory.SASL_MECHANISM.name(), "PLAIN",
                KafkaConnectorFactory.SCHEMA_REGISTRY_URL.name(), registryUrl));
        return new ConnectorContext("events", settings);
    }

    private static void send(String topic, byte[] key, byte[] value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = BROKER.producer()) {
            producer.send(new ProducerRecord<>(topic, 0, key, value)).get();
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, UTF_8);
    }

    /** The value as the core reads its text: an Avro value is decoded by the core's threads, when asked. */
    private static String valueText(StreamRecord record) {
        return record.decoded() != null ? record.decoded().rawText() : text(record.value());
    }

    /** Why the message cannot be decoded: the connector's reason, or the Avro record's once decoded. */
    private static String reason(StreamRecord record) {
        return record.error() != null || record.decoded() == null ? record.error() : record.decoded().error();
    }
}
