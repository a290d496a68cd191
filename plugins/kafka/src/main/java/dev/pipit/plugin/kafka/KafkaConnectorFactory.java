package dev.pipit.plugin.kafka;

import dev.pipit.spi.PluginVersion;
import dev.pipit.spi.config.SettingProblem;
import dev.pipit.spi.config.SettingsSpec;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.connector.ConnectorKind;
import dev.pipit.spi.connector.ConnectorContext;
import dev.pipit.spi.stream.RecordStream;
import dev.pipit.spi.stream.StreamException;
import dev.pipit.spi.stream.StreamRecord;
import dev.pipit.spi.stream.StreamSubscription;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The {@code kafka} connection type: declares and checks the settings, and opens consumers of a topic.
 *
 * <p>kafka-clients looks up its SASL login modules through the thread's context class loader; under the core's
 * loader it would not find them, so every client is built with this plugin's loader as the context loader.
 */
final class KafkaConnectorFactory implements ConnectorFactory {
    static final String BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";
    static final String SECURITY_PROTOCOL = "KAFKA_SECURITY_PROTOCOL";
    static final String SASL_MECHANISM = "KAFKA_SASL_MECHANISM";
    static final String KEY = "KAFKA_KEY";
    static final String SECRET = "KAFKA_SECRET";
    static final String SCHEMA_REGISTRY_URL = "KAFKA_SCHEMA_REGISTRY_URL";
    static final String SSL_CA_PEM = "KAFKA_SSL_CA_PEM";

    /** How long {@code status} waits for a broker's answer before showing the lag as unknown. */
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);

    private static final SettingsSpec SETTINGS = SettingsSpec.builder()
            .required(BOOTSTRAP_SERVERS, "Comma-separated host:port list of brokers.")
            .choice(SECURITY_PROTOCOL, "PLAINTEXT", "How clients talk to brokers.",
                    "PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL")
            .choice(SASL_MECHANISM, "PLAIN", "SASL mechanism, for the SASL_* protocols.",
                    "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512")
            .secret(KEY, "SASL user name (API key).")
            .secret(SECRET, "SASL password (API secret).")
            // A registry URL may carry user:password@, so it is masked like a secret.
            .secret(SCHEMA_REGISTRY_URL, "Schema Registry URL; accepted, Avro decoding is not supported yet.")
            .optional(SSL_CA_PEM, null, "PEM of the CA that signed the brokers' certificates.")
            .build();

    @Override
    public String type() {
        return "kafka";
    }

    @Override
    public String version() {
        return PluginVersion.of(KafkaConnectorFactory.class);
    }

    @Override
    public ConnectorKind kind() {
        return ConnectorKind.STREAM;
    }

    @Override
    public SettingsSpec settings() {
        return SETTINGS;
    }

    @Override
    public List<SettingProblem> validate(Map<String, String> values) {
        String protocol = values.getOrDefault(SECURITY_PROTOCOL, "PLAINTEXT").toUpperCase(Locale.ROOT);
        boolean sasl = protocol.startsWith("SASL_");
        boolean hasCredentials = isSet(values.get(KEY)) && isSet(values.get(SECRET));
        if (sasl && !hasCredentials) {
            return List.of(new SettingProblem(SECURITY_PROTOCOL,
                    protocol + " needs KAFKA_KEY and KAFKA_SECRET; set both, or use PLAINTEXT or SSL"));
        }
        return List.of();
    }

    @Override
    public RecordStream openStream(ConnectorContext context, StreamSubscription subscription) {
        Map<String, Object> config = KafkaClientSettings.consumer(context, subscription.groupId(),
                subscription.startAtEarliest(), subscription.maxBatchRecords());
        return new KafkaRecordStream(newConsumer(context, config), subscription);
    }

    @Override
    public Map<Integer, Long> endOffsets(ConnectorContext context, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = newConsumer(context, KafkaClientSettings.of(context))) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, METADATA_TIMEOUT);
            List<TopicPartition> topicPartitions = partitions.stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            return consumer.endOffsets(topicPartitions, METADATA_TIMEOUT).entrySet().stream()
                    .collect(Collectors.toMap(entry -> entry.getKey().partition(), Map.Entry::getValue));
        } catch (KafkaException e) {
            throw new StreamException("cannot read the end offsets of topic " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<StreamRecord> sample(ConnectorContext context, String topic, int maxRecords, Duration timeout) {
        Map<String, Object> config = KafkaClientSettings.of(context);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxRecords);
        try (KafkaConsumer<byte[], byte[]> consumer = newConsumer(context, config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, METADATA_TIMEOUT).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                throw new StreamException("connection '" + context.connectionName() + "': the broker has no topic "
                        + topic);
            }
            return KafkaSampler.sample(consumer, partitions, maxRecords, timeout);
        } catch (KafkaException e) {
            throw new StreamException("connection '" + context.connectionName() + "': cannot read topic " + topic
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Set<String> topics(ConnectorContext context) {
        try (KafkaConsumer<byte[], byte[]> consumer = newConsumer(context, KafkaClientSettings.of(context))) {
            return new TreeSet<>(consumer.listTopics(METADATA_TIMEOUT).keySet());
        } catch (KafkaException e) {
            throw new StreamException("connection '" + context.connectionName() + "': cannot list the topics: "
                    + e.getMessage(), e);
        }
    }

    private static KafkaConsumer<byte[], byte[]> newConsumer(ConnectorContext context, Map<String, Object> config) {
        try {
            return withPluginContextLoader(() -> new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer()));
        } catch (KafkaException e) {
            throw new StreamException("connection '" + context.connectionName() + "': cannot create a Kafka "
                    + "consumer: " + e.getMessage(), e);
        }
    }

    private static <T> T withPluginContextLoader(Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(KafkaConnectorFactory.class.getClassLoader());
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static boolean isSet(String value) {
        return value != null && !value.isEmpty();
    }
}
