package dev.pipit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Baselines for {@code kafka}, {@code kafka-postgres} and {@code kafka-avro}: what a careful user writes for
 * exactly-once Kafka into a database. A kafka-clients consumer polls batches of up to 5,000 messages, Jackson reads
 * each JSON event (Avro's {@link GenericDatumReader} each Avro one), the batch goes in (by one
 * {@code COPY ... FROM STDIN} on PostgreSQL, by a batched prepared INSERT on H2), and the partitions' next offsets
 * are upserted in the same transaction.
 */
final class KafkaBaselineConsumer {
    static final String COPY = "kafka-clients + Jackson + COPY per batch, offsets in its transaction";
    static final String INSERT = "kafka-clients + Jackson + batched INSERT, offsets in its transaction";
    private static final int BATCH = 5_000;
    private static final String H2_OFFSETS = "MERGE INTO baseline_offsets KEY (topic_partition) VALUES (?, ?)";

    /** Writes one batch of events on the connection, inside the batch's transaction. */
    @FunctionalInterface
    private interface BatchWriter<T> {
        void write(List<T> events) throws Exception;
    }

    /** Reads one message's value as an event. */
    @FunctionalInterface
    private interface ValueReader<T> {
        T read(byte[] value) throws Exception;
    }

    private KafkaBaselineConsumer() {}

    /** Into PostgreSQL by COPY. @return nanoseconds from the first poll to the commit of the last batch */
    static long copy(String bootstrapServers, String topic, long messages, Connection connection, String table,
            Duration timeout) throws Exception {
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        String sql = "COPY " + table + " (" + String.join(", ", EventsCsv.COLUMNS) + ") FROM STDIN WITH (FORMAT csv)";
        StringBuilder batch = new StringBuilder();
        ObjectMapper json = new ObjectMapper();
        return consume(bootstrapServers, topic, messages, connection, timeout, json::readTree,
                "INSERT INTO baseline_offsets VALUES (?, ?) ON CONFLICT (topic_partition) "
                        + "DO UPDATE SET next_offset = EXCLUDED.next_offset",
                events -> {
                    batch.setLength(0);
                    for (JsonNode event : events) {
                        appendCsv(batch, event);
                    }
                    copy.copyIn(sql, new StringReader(batch.toString()));
                });
    }

    /** Into H2 by batched INSERTs. @return nanoseconds from the first poll to the commit of the last batch */
    static long insert(String bootstrapServers, String topic, long messages, Connection connection, String table,
            Duration timeout) throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (EventsInsert insert = new EventsInsert(connection, table)) {
            return consume(bootstrapServers, topic, messages, connection, timeout, json::readTree, H2_OFFSETS,
                    events -> {
                        for (JsonNode event : events) {
                            JsonNode revenue = event.get("revenue");
                            JsonNode referrer = event.get("referrer");
                            insert.add(Timestamp.valueOf(event.get("ts").asText()), event.get("event_id").asText(),
                                    event.get("user_id").asLong(), event.get("event_type").asText(),
                                    event.get("path").asText(), referrer == null ? null : referrer.asText(),
                                    event.get("country").asText(), event.get("device").asText(),
                                    event.get("duration_ms").asInt(), revenue == null ? null : revenue.asDouble());
                        }
                        insert.send();
                    });
        }
    }

    /**
     * Avro values in the schema registry's wire format (a magic byte and the writer schema's id before the datum;
     * one schema here, known in advance) into H2 by batched INSERTs.
     *
     * @return nanoseconds from the first poll to the commit of the last batch
     */
    static long insertAvro(String bootstrapServers, String topic, long messages, Connection connection, String table,
            Schema schema, Duration timeout) throws Exception {
        GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(schema);
        DecoderFactory decoders = DecoderFactory.get();
        try (EventsInsert insert = new EventsInsert(connection, table)) {
            return consume(bootstrapServers, topic, messages, connection, timeout,
                    value -> reader.read(null, decoders.binaryDecoder(value, 5, value.length - 5, null)), H2_OFFSETS,
                    events -> {
                        for (GenericRecord event : events) {
                            Object referrer = event.get("referrer");
                            insert.add(new Timestamp((Long) event.get("ts")), event.get("event_id").toString(),
                                    (Long) event.get("user_id"), event.get("event_type").toString(),
                                    event.get("path").toString(), referrer == null ? null : referrer.toString(),
                                    event.get("country").toString(), event.get("device").toString(),
                                    (Integer) event.get("duration_ms"), (Double) event.get("revenue"));
                        }
                        insert.send();
                    });
        }
    }

    private static <T> long consume(String bootstrapServers, String topic, long messages, Connection connection,
            Duration timeout, ValueReader<T> values, String upsertOffset, BatchWriter<T> writer) throws Exception {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS baseline_offsets (topic_partition int PRIMARY KEY, "
                    + "next_offset bigint NOT NULL)");
        }
        connection.commit();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, BATCH),
                        new ByteArrayDeserializer(), new ByteArrayDeserializer());
                PreparedStatement offsets = connection.prepareStatement(upsertOffset)) {
            readFromStart(consumer, topic);
            long start = System.nanoTime();
            long stored = 0;
            while (stored < messages) {
                if (System.nanoTime() - start > timeout.toNanos()) {
                    throw new IllegalStateException("stored " + stored + " of " + messages + " messages in " + timeout);
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofSeconds(1));
                if (records.isEmpty()) {
                    continue;
                }
                List<T> events = new ArrayList<>(records.count());
                Map<Integer, Long> next = new TreeMap<>();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    events.add(values.read(record.value()));
                    next.put(record.partition(), record.offset() + 1);
                }
                writer.write(events);
                for (Map.Entry<Integer, Long> partition : next.entrySet()) {
                    offsets.setInt(1, partition.getKey());
                    offsets.setLong(2, partition.getValue());
                    offsets.addBatch();
                }
                offsets.executeBatch();
                connection.commit();
                stored += records.count();
            }
            return System.nanoTime() - start;
        }
    }

    /** Assigns every partition of {@code topic} to {@code consumer}, each at its first message: no group, no commit. */
    static void readFromStart(KafkaConsumer<?, ?> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    private static void appendCsv(StringBuilder batch, JsonNode event) {
        for (int i = 0; i < EventsCsv.COLUMNS.size(); i++) {
            if (i > 0) {
                batch.append(',');
            }
            JsonNode value = event.get(EventsCsv.COLUMNS.get(i));
            if (value != null && !value.isNull()) {
                batch.append('"').append(value.asText().replace("\"", "\"\"")).append('"');
            }
        }
        batch.append('\n');
    }
}
