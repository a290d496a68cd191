package dev.pipit.plugin.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipit.plugin.kafka.testutil.KafkaBroker;
import dev.pipit.spi.connector.ConnectorContext;
import dev.pipit.spi.stream.PartitionListener;
import dev.pipit.spi.stream.RecordStream;
import dev.pipit.spi.stream.StreamException;
import dev.pipit.spi.stream.StreamRecord;
import dev.pipit.spi.stream.StreamSubscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaRecordStreamIT {
    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker();

    private final KafkaConnectorFactory factory = new KafkaConnectorFactory();

    @Test
    void assignedPartitionsStartAtTheOffsetsTheCoreStored() throws Exception {
        BROKER.createTopic("placed", 2);
        BROKER.send("placed", 0, "a0", "a1", "a2");
        BROKER.send("placed", 1, "b0", "b1");
        List<Set<Integer>> assignments = new CopyOnWriteArrayList<>();
        PartitionListener listener = new PartitionListener() {
            @Override
            public Map<Integer, Long> assigned(Set<Integer> partitions) {
                assignments.add(partitions);
                return Map.of(0, 2L);
            }

            @Override
            public void revoked(Set<Integer> partitions) {}
        };
        ConnectorContext context = context("PLAINTEXT", BROKER.bootstrapServers(), null);
        try (RecordStream stream = factory.openStream(context, new StreamSubscription("placed", "g1", true, 100, listener))) {
            List<String> values = readValues(stream, 3);
            assertThat(values).containsExactlyInAnyOrder("a2", "b0", "b1");
            stream.commit(Map.of(0, 3L, 1, 2L));
        }
        assertThat(assignments).containsExactly(Set.of(0, 1));
        assertThat(factory.endOffsets(context, "placed")).isEqualTo(Map.of(0, 3L, 1, 2L));
    }

    @Test
    void saslPlainCredentialsLogInAndWrongOnesFailWithoutShowingThePassword() throws Exception {
        BROKER.createTopic("guarded", 1);
        BROKER.send("guarded", 0, "{\"x\":1}");
        ConnectorContext good = context("SASL_PLAINTEXT", BROKER.saslBootstrapServers(), KafkaBroker.SASL_PASSWORD);
        try (RecordStream stream = factory.openStream(good, new StreamSubscription("guarded", "g2", true, 10, nothingStored()))) {
            assertThat(readValues(stream, 1)).containsExactly("{\"x\":1}");
        }
        ConnectorContext wrong = context("SASL_PLAINTEXT", BROKER.saslBootstrapServers(), "not-the-password");
        try (RecordStream stream = factory.openStream(wrong, new StreamSubscription("guarded", "g3", true, 10, nothingStored()))) {
            assertThatThrownBy(() -> stream.poll(Duration.ofSeconds(30)))
                    .isInstanceOf(StreamException.class)
                    .hasMessageContaining("uthentication")
                    .hasMessageNotContaining("not-the-password");
        }
    }

    private static List<String> readValues(RecordStream stream, int count) {
        List<String> values = new ArrayList<>();
        for (int polls = 0; polls < 100 && values.size() < count; polls++) {
            for (StreamRecord record : stream.poll(Duration.ofMillis(500))) {
                values.add(new String(record.value(), UTF_8));
            }
        }
        return values;
    }

    private static PartitionListener nothingStored() {
        return new PartitionListener() {
            @Override
            public Map<Integer, Long> assigned(Set<Integer> partitions) {
                return Map.of();
            }

            @Override
            public void revoked(Set<Integer> partitions) {}
        };
    }

    private static ConnectorContext context(String protocol, String servers, String password) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                KafkaConnectorFactory.BOOTSTRAP_SERVERS, servers,
                KafkaConnectorFactory.SECURITY_PROTOCOL, protocol,
                KafkaConnectorFactory.SASL_MECHANISM, "PLAIN"));
        if (password != null) {
            settings.put(KafkaConnectorFactory.KEY, KafkaBroker.SASL_USER);
            settings.put(KafkaConnectorFactory.SECRET, password);
        }
        return new ConnectorContext("events", settings);
    }
}
