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
import dev.pipit.testkit.kafka.OidcTokenEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KafkaRecordStreamIT {
    private static final KafkaBroker BROKER = KafkaBroker.shared();

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
        ConnectorContext context = context("PLAINTEXT", "PLAIN", null, null);
        try (RecordStream stream = factory.openStream(context,
                new StreamSubscription("placed", "g1", true, 100, listener, Map.of()))) {
            List<String> values = readValues(stream, 3);
            assertThat(values).containsExactlyInAnyOrder("a2", "b0", "b1");
            stream.commit(Map.of(0, 3L, 1, 2L));
        }
        assertThat(assignments).containsExactly(Set.of(0, 1));
        assertThat(factory.endOffsets(context, "placed")).isEqualTo(Map.of(0, 3L, 1, 2L));
    }

    @Test
    void aSampleReadsFromTheStartWithoutAGroupAndAMissingTopicIsAConfigurationFailure() throws Exception {
        BROKER.createTopic("sampled", 2);
        BROKER.send("sampled", 0, "s0", "s1");
        BROKER.send("sampled", 1, "s2");
        ConnectorContext context = context("PLAINTEXT", "PLAIN", null, null);
        List<String> groupsBefore = groups();

        List<StreamRecord> sample = factory.sample(context, "sampled", 10, Duration.ofSeconds(10));

        assertThat(sample).extracting(record -> new String(record.value(), UTF_8))
                .containsExactlyInAnyOrder("s0", "s1", "s2");
        assertThat(factory.topics(context)).contains("sampled");
        assertThat(groups()).isEqualTo(groupsBefore);
        assertThatThrownBy(() -> factory.sample(context, "never-created", 10, Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(StreamException.class,
                        error -> assertThat(error.category()).isEqualTo(ErrorCategory.CONFIGURATION))
                .hasMessageContaining("the broker has no topic never-created");
    }

    private static List<String> groups() throws Exception {
        try (Admin admin = BROKER.admin()) {
            return admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get().stream()
                    .map(GroupListing::groupId).sorted().toList();
        }
    }

    /** Every protocol and mechanism a connection may name, each on the test broker's listener for it. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "SASL_PLAINTEXT, PLAIN",
        "SASL_PLAINTEXT, SCRAM-SHA-256",
        "SASL_PLAINTEXT, SCRAM-SHA-512",
        "SSL, PLAIN",
        "SASL_SSL, SCRAM-SHA-512"})
    void securedListenersLetTheRightCredentialsInAndKeepEveryoneElseOutWithoutShowingSecrets(String protocol,
            String mechanism) throws Exception {
        String topic = ("guarded-" + protocol + "-" + mechanism).toLowerCase(Locale.ROOT);
        BROKER.createTopic(topic, 1);
        BROKER.send(topic, 0, "{\"x\":1}");
        boolean sasl = protocol.startsWith("SASL_");
        ConnectorContext good = context(protocol, mechanism, KafkaBroker.SASL_PASSWORD, BROKER.caPem());
        try (RecordStream stream = factory.openStream(good, new StreamSubscription(topic, topic + "-good", true, 10,
                nothingStored(), Map.of()))) {
            assertThat(readValues(stream, 1)).containsExactly("{\"x\":1}");
        }
        // Over plain TLS the client is the one refusing: it does not trust a broker whose CA it was not given.
        ConnectorContext refused = sasl
                ? context(protocol, mechanism, "not-the-password", BROKER.caPem())
                : context(protocol, mechanism, null, null);
        try (RecordStream stream = factory.openStream(refused, new StreamSubscription(topic, topic + "-refused", true,
                10, nothingStored(), Map.of()))) {
            // CONFIGURATION: the daemon shows the consumer as misconfigured and waits the longest backoff.
            assertThatThrownBy(() -> stream.poll(Duration.ofSeconds(30)))
                    .isInstanceOfSatisfying(StreamException.class,
                            e -> assertThat(e.category()).isEqualTo(ErrorCategory.CONFIGURATION))
                    .hasMessageContaining(sasl ? "uthentication" : "SSL")
                    .hasMessageNotContaining("not-the-password")
                    .hasMessageNotContaining(KafkaBroker.SASL_PASSWORD);
        }
    }

    /** Client credentials exchanged at the identity provider for a signed token, which the broker checks. */
    @Test
    void oauthBearerLogsInWithClientCredentialsAndRefusesAWrongSecretWithoutShowingIt() throws Exception {
        String topic = "guarded-oauthbearer";
        BROKER.createTopic(topic, 1);
        BROKER.send(topic, 0, "{\"x\":2}");
        try (RecordStream stream = factory.openStream(oauthContext(OidcTokenEndpoint.CLIENT_SECRET),
                new StreamSubscription(topic, topic + "-good", true, 10, nothingStored(), Map.of()))) {
            assertThat(readValues(stream, 1)).containsExactly("{\"x\":2}");
        }
        assertThatThrownBy(() -> {
            try (RecordStream stream = factory.openStream(oauthContext("not-the-client-secret"),
                    new StreamSubscription(topic, topic + "-refused", true, 10, nothingStored(), Map.of()))) {
                stream.poll(Duration.ofSeconds(30));
            }
        }).isInstanceOfSatisfying(StreamException.class,
                        e -> assertThat(e.category()).isEqualTo(ErrorCategory.CONFIGURATION))
                .hasMessageContaining("response code 401")
                .hasMessageNotContaining("not-the-client-secret")
                .hasMessageNotContaining(OidcTokenEndpoint.CLIENT_SECRET);
    }

    private static ConnectorContext oauthContext(String clientSecret) {
        return new ConnectorContext("events", Map.of(
                KafkaConnectorFactory.BOOTSTRAP_SERVERS.name(), BROKER.oauthBootstrapServers(),
                KafkaConnectorFactory.SECURITY_PROTOCOL.name(), "SASL_PLAINTEXT",
                KafkaConnectorFactory.SASL_MECHANISM.name(), "OAUTHBEARER",
                KafkaConnectorFactory.KEY.name(), OidcTokenEndpoint.CLIENT_ID,
                KafkaConnectorFactory.SECRET.name(), clientSecret,
                KafkaConnectorFactory.OAUTHBEARER_TOKEN_ENDPOINT_URL.name(), BROKER.tokenEndpoint().tokenUrl()));
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

    /** A connection to the test broker's listener for {@code protocol}; {@code caPem} only matters over TLS. */
    private static ConnectorContext context(String protocol, String mechanism, String password, String caPem) {
        String servers = switch (protocol) {
            case "SASL_PLAINTEXT" -> BROKER.saslBootstrapServers();
            case "SSL" -> BROKER.sslBootstrapServers();
            case "SASL_SSL" -> BROKER.saslSslBootstrapServers();
            default -> BROKER.bootstrapServers();
        };
        Map<String, String> settings = new HashMap<>(Map.of(
                KafkaConnectorFactory.BOOTSTRAP_SERVERS.name(), servers,
                KafkaConnectorFactory.SECURITY_PROTOCOL.name(), protocol,
                KafkaConnectorFactory.SASL_MECHANISM.name(), mechanism));
        if (password != null) {
            settings.put(KafkaConnectorFactory.KEY.name(), KafkaBroker.SASL_USER);
            settings.put(KafkaConnectorFactory.SECRET.name(), password);
        }
        if (caPem != null) {
            settings.put(KafkaConnectorFactory.SSL_CA_PEM.name(), caPem);
        }
        return new ConnectorContext("events", settings);
    }
}
