package dev.pipit.distribution;

import static dev.pipit.distribution.testutil.TestProjects.csv;
import static dev.pipit.distribution.testutil.TestProjects.project;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipit.distribution.testutil.Cli;
import dev.pipit.testkit.kafka.KafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Kafka sink pipe run from the command line against a real KRaft broker: one JSON message per row, all of them
 * on the topic when the run says it succeeded, and the run's row count in its history.
 */
class KafkaSinkTest {
    private static final KafkaBroker BROKER = KafkaBroker.shared();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aKafkaSinkSendsOneJsonMessagePerRowAndSucceedsOnlyOnceAllAreAcknowledged() throws Exception {
        String topic = "sink-" + UUID.randomUUID();
        BROKER.createTopic(topic, 2);
        project(dir, "events", "@on-demand");
        csv(dir, "events", "a.csv", 1, 20, Instant.parse("2026-11-01T00:00:00Z"));
        Files.writeString(dir.resolve("pipit.properties"), "db.url=jdbc:h2:file:" + dir.resolve("data/pipit") + "\n");
        Files.writeString(dir.resolve("secrets.properties"), "");
        assertThat(Cli.execute(dir, "run", "events").exit()).isZero();
        Files.writeString(dir.resolve("connections/events_kafka.connection"),
                "TYPE kafka\nKAFKA_BOOTSTRAP_SERVERS " + BROKER.bootstrapServers() + "\n");
        Files.createDirectories(dir.resolve("pipes"));
        Files.writeString(dir.resolve("pipes/publish.pipe"), """
                NODE publish
                SQL >
                    %%
                    SELECT id, name, amount FROM events WHERE id > {{ Int64(after, 0) }} ORDER BY id

                TYPE SINK
                EXPORT_CONNECTION_NAME events_kafka
                EXPORT_KAFKA_TOPIC %s
                EXPORT_SCHEDULE @on-demand
                """.formatted(topic));

        Cli.Result run = Cli.execute(dir, "sink", "run", "publish", "--param", "after=5", "--json");
        Cli.Result listed = Cli.execute(dir, "pipe", "ls");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        JsonNode result = JSON.readTree(run.out());
        assertThat(result.get("status").asText()).isEqualTo("succeeded");
        assertThat(result.get("rows").asLong()).isEqualTo(15);
        List<JsonNode> messages = readAll(topic, 15);
        assertThat(messages).extracting(message -> message.get("id").asLong())
                .containsExactlyElementsOf(ids(6, 20));
        assertThat(messages.get(0).get("name").asText()).isEqualTo("name 6");
        assertThat(messages.get(0).get("amount").asDouble()).isEqualTo(0.6);
        assertThat(listed.out()).contains("publish", "events_kafka: topic " + topic);
    }

    private static List<Long> ids(long first, long last) {
        List<Long> ids = new ArrayList<>();
        for (long id = first; id <= last; id++) {
            ids.add(id);
        }
        return ids;
    }

    /** Every message of the topic, from both partitions, in id order, once {@code expected} arrived. */
    private static List<JsonNode> readAll(String topic, int expected) throws IOException {
        List<JsonNode> messages = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
            while (messages.size() < expected && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> message : consumer.poll(Duration.ofMillis(500))) {
                    messages.add(JSON.readTree(message.value()));
                }
            }
            // Nothing more than the rows: a retried send must not have written a message twice.
            for (ConsumerRecord<byte[], byte[]> extra : consumer.poll(Duration.ofMillis(500))) {
                messages.add(JSON.readTree(extra.value()));
            }
        }
        messages.sort(Comparator.comparingLong(message -> message.get("id").asLong()));
        return messages;
    }
}
