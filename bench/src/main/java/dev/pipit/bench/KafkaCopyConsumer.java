package dev.pipit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Baseline for {@code kafka-postgres}: what a careful user writes for exactly-once Kafka into PostgreSQL. A
 * kafka-clients consumer polls batches of up to 5,000 messages, Jackson reads each JSON event, the batch goes in
 * by one {@code COPY ... FROM STDIN}, and the partitions' next offsets are upserted in the same transaction.
 */
final class KafkaCopyConsumer {
    static final String NAME = "kafka-clients + Jackson + COPY per batch, offsets in its transaction";
    private static final int BATCH = 5_000;

    private KafkaCopyConsumer() {}

    /** @return nanoseconds from the first poll to the commit of the last message's batch */
    static long consume(String bootstrapServers, String topic, long messages, Connection connection, String table,
            Duration timeout) throws Exception {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS baseline_offsets (topic_partition int PRIMARY KEY, "
                    + "next_offset bigint NOT NULL)");
        }
        connection.commit();
        ObjectMapper json = new ObjectMapper();
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        String sql = "COPY " + table + " (" + String.join(", ", EventsCsv.COLUMNS) + ") FROM STDIN WITH (FORMAT csv)";
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, BATCH),
                        new ByteArrayDeserializer(), new ByteArrayDeserializer());
                PreparedStatement offsets = connection.prepareStatement("INSERT INTO baseline_offsets VALUES (?, ?) "
                        + "ON CONFLICT (topic_partition) DO UPDATE SET next_offset = EXCLUDED.next_offset")) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long start = System.nanoTime();
            long stored = 0;
            StringBuilder batch = new StringBuilder();
            while (stored < messages) {
                if (System.nanoTime() - start > timeout.toNanos()) {
                    throw new IllegalStateException("stored " + stored + " of " + messages + " messages in " + timeout);
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofSeconds(1));
                if (records.isEmpty()) {
                    continue;
                }
                batch.setLength(0);
                Map<Integer, Long> next = new TreeMap<>();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    appendCsv(batch, json.readTree(record.value()));
                    next.put(record.partition(), record.offset() + 1);
                }
                copy.copyIn(sql, new StringReader(batch.toString()));
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
