package dev.pipit.bench;

import dev.pipit.testkit.kafka.KafkaBroker;
import dev.pipit.testkit.kafka.SchemaRegistryStub;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Locale;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * kafka-avro: the events as Avro in the schema registry wire format (written with Avro's encoder, the schema in
 * {@link SchemaRegistryStub}), consumed by a Pipit daemon with {@code KAFKA_VALUE_FORMAT avro} into H2, against
 * what a careful user writes by hand: the {@code kafka} case's consumer ({@link KafkaBaselineConsumer}: polls of up
 * to 5,000 messages, each batch inserted into H2 in JDBC batches with its offsets upserted in the same transaction),
 * decoding each value with Avro's {@link GenericDatumReader}.
 */
final class KafkaAvroCase implements BenchCase {
    private static final String TOPIC = "events-avro";
    private static final int PARTITIONS = 4;
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final String BASELINE =
            "kafka-clients + Avro GenericDatumReader + batched INSERT, offsets in its transaction";
    private static final String BASELINE_TABLE = "events_baseline";
    private static final Schema EVENT = SchemaBuilder.record("Event").namespace("bench").fields()
            .name("ts").type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
            .requiredString("event_id").requiredLong("user_id").requiredString("event_type").requiredString("path")
            .optionalString("referrer").requiredString("country").requiredString("device").requiredInt("duration_ms")
            .optionalDouble("revenue")
            .endRecord();

    @Override
    public String name() {
        return "kafka-avro";
    }

    @Override
    public Result run(BenchEnvironment env) throws Exception {
        long messages = Math.max(10_000, env.rows() / 4);
        env.log("starting a Kafka broker and a schema registry");
        KafkaBroker broker = KafkaBroker.shared();
        // As in the kafka cases, both contenders consume a smaller topic first, so neither is timed cold.
        String topic = env.topic(TOPIC);
        String warmupTopic = topic + "-warmup";
        long warmupMessages = Math.max(10_000, messages / 10);
        broker.createTopic(topic, PARTITIONS);
        broker.createTopic(warmupTopic, PARTITIONS);
        try (SchemaRegistryStub registry = SchemaRegistryStub.open()) {
            int id = registry.register(topic + "-value", EVENT);
            env.log("producing %,d Avro messages", messages);
            produce(broker, topic, id, messages);
            produce(broker, warmupTopic, registry.register(warmupTopic + "-value", EVENT), warmupMessages);
            String connection = "TYPE kafka\nKAFKA_BOOTSTRAP_SERVERS " + broker.bootstrapServers()
                    + "\nKAFKA_SCHEMA_REGISTRY_URL " + registry.url() + "\n";
            env.log("warming up");
            baseline(env.workDir(), broker, warmupTopic, warmupMessages);
            KafkaCase.pipit(env, "kafka-avro-warmup", connection, warmupTopic, "KAFKA_VALUE_FORMAT avro",
                    warmupMessages);
            env.log("consuming %,d messages by hand", messages);
            double baseline = LoadComparison.perSecond(messages, baseline(env.workDir(), broker, topic, messages));
            env.log("consuming %,d messages with Pipit", messages);
            double pipit = KafkaCase.pipit(env, "kafka-avro", connection, topic, "KAFKA_VALUE_FORMAT avro",
                    messages);
            return Result.of(name(), pipit, BASELINE, baseline, "msgs/s", "≥ 0.8×",
                    String.format(Locale.ROOT, "%,d Avro messages over %d partitions into H2, offsets in each "
                            + "batch's transaction", messages, PARTITIONS));
        }
    }

    private static void produce(KafkaBroker broker, String topic, int schemaId, long messages) {
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            EventsCsv.forEachRow(messages, 4, fields -> producer.send(new ProducerRecord<>(topic,
                    SchemaRegistryStub.encode(schemaId, EVENT, event(fields)))));
            producer.flush();
        }
    }

    private static GenericRecord event(String[] fields) {
        GenericRecord event = new GenericData.Record(EVENT);
        event.put("ts", Timestamp.valueOf(fields[0]).getTime());
        event.put("event_id", fields[1]);
        event.put("user_id", Long.parseLong(fields[2]));
        event.put("event_type", fields[3]);
        event.put("path", fields[4]);
        event.put("referrer", fields[5].isEmpty() ? null : fields[5]);
        event.put("country", fields[6]);
        event.put("device", fields[7]);
        event.put("duration_ms", Integer.parseInt(fields[8]));
        event.put("revenue", fields[9].isEmpty() ? null : Double.valueOf(fields[9]));
        return event;
    }

    /**
     * The hand-written consumer of {@code topic}, into a plain H2 file database of its own.
     *
     * @return nanoseconds to read, decode and store every message of {@code topic}
     */
    private static long baseline(Path workDir, KafkaBroker broker, String topic, long messages) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:"
                + workDir.resolve("kafka-avro-baseline/db").toAbsolutePath(), "sa", "")) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS " + BASELINE_TABLE);
                statement.execute("CREATE TABLE " + BASELINE_TABLE + " (ts TIMESTAMP(3), event_id VARCHAR, "
                        + "user_id BIGINT, event_type VARCHAR, path VARCHAR, referrer VARCHAR, country VARCHAR, "
                        + "device VARCHAR, duration_ms INTEGER, revenue DOUBLE PRECISION)");
            }
            return KafkaBaselineConsumer.insertAvro(broker.bootstrapServers(), topic, messages, connection,
                    BASELINE_TABLE, EVENT, TIMEOUT);
        }
    }
}
