package dev.pipit.plugin.kafka;

import dev.pipit.spi.PluginVersion;
import dev.pipit.spi.config.SettingProblem;
import dev.pipit.spi.config.SettingSpec;
import dev.pipit.spi.config.SettingsSpec;
import dev.pipit.spi.connector.ConnectorContext;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.connector.ConnectorKind;
import dev.pipit.spi.error.ErrorCategory;
import dev.pipit.spi.stream.RecordStream;
import dev.pipit.spi.stream.StreamException;
import dev.pipit.spi.stream.StreamField;
import dev.pipit.spi.stream.StreamRecord;
import dev.pipit.spi.stream.StreamSubscription;
import dev.pipit.spi.stream.TopicWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The {@code kafka} connection type: declares and checks the settings, and opens consumers of a topic.
 *
 * <p>kafka-clients looks up its SASL login modules through the thread's context class loader; under the core's
 * loader it would not find them, so every client is built with this plugin's loader as the context loader.
 */
final class KafkaConnectorFactory implements ConnectorFactory {
    static final SettingSpec<String> BOOTSTRAP_SERVERS = SettingSpec.string("KAFKA_BOOTSTRAP_SERVERS").required()
            .flag("bootstrap-servers").doc("Comma-separated host:port list of brokers.").build();
    static final SettingSpec<String> SECURITY_PROTOCOL = SettingSpec.oneOf("KAFKA_SECURITY_PROTOCOL",
                    "PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL")
            .defaultValue("PLAINTEXT").doc("How clients talk to brokers.").build();
    static final SettingSpec<String> SASL_MECHANISM = SettingSpec.oneOf("KAFKA_SASL_MECHANISM",
                    "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", KafkaClientSettings.OAUTHBEARER)
            .defaultValue("PLAIN").doc("SASL mechanism, for the SASL_* protocols.").build();
    static final SettingSpec<String> KEY = SettingSpec.string("KAFKA_KEY").secret().suggested()
            .doc("SASL user name (API key); the OAuth client id with OAUTHBEARER.").build();
    static final SettingSpec<String> SECRET = SettingSpec.string("KAFKA_SECRET").secret().suggested()
            .doc("SASL password (API secret); the OAuth client secret with OAUTHBEARER.").build();
    // Pipit's own settings for OAUTHBEARER, named after kafka-clients' sasl.oauthbearer.* settings.
    static final SettingSpec<URI> OAUTHBEARER_TOKEN_ENDPOINT_URL = SettingSpec.httpUrl(
                    "KAFKA_SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL")
            .doc("OAUTHBEARER: the identity provider's token endpoint, where the client credentials are exchanged "
                    + "for tokens.").build();
    static final SettingSpec<String> OAUTHBEARER_SCOPE = SettingSpec.string("KAFKA_SASL_OAUTHBEARER_SCOPE")
            .doc("OAUTHBEARER: the scope to ask tokens for, if the provider needs one.").build();
    // A registry URL may carry user:password@, so it is masked like a secret.
    static final SettingSpec<URI> SCHEMA_REGISTRY_URL = SettingSpec.httpUrl("KAFKA_SCHEMA_REGISTRY_URL").secret()
            .doc("Schema registry URL (https://user:password@host); Avro and JSON Schema messages are decoded with "
                    + "the schemas it holds.").build();
    static final SettingSpec<String> SSL_CA_PEM = SettingSpec.string("KAFKA_SSL_CA_PEM")
            .doc("PEM of the CA that signed the brokers' certificates.").build();

    /** How long {@code status} waits for a broker's answer before showing the lag as unknown. */
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);

    private static final SettingsSpec SETTINGS = SettingsSpec.of(BOOTSTRAP_SERVERS, SECURITY_PROTOCOL,
            SASL_MECHANISM, KEY, SECRET, OAUTHBEARER_TOKEN_ENDPOINT_URL, OAUTHBEARER_SCOPE, SCHEMA_REGISTRY_URL,
            SSL_CA_PEM);

    @Override
    public String type() {
        return "kafka";
    }

    @Override
    public String version() {
        return PluginVersion.of(KafkaConnectorFactory.class);
    }

    @Override
    public String readPermissions() {
        return "Describe on the cluster and Describe and Read on the topics (ACLs)";
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
        String protocol = SECURITY_PROTOCOL.valueIn(values);
        boolean sasl = protocol.startsWith("SASL_");
        boolean hasCredentials = KEY.valueIn(values) != null && SECRET.valueIn(values) != null;
        if (sasl && !hasCredentials) {
            return List.of(new SettingProblem(SECURITY_PROTOCOL.name(),
                    protocol + " needs KAFKA_KEY and KAFKA_SECRET; set both, or use PLAINTEXT or SSL"));
        }
        boolean oauth = KafkaClientSettings.OAUTHBEARER.equals(SASL_MECHANISM.valueIn(values));
        if (sasl && oauth && OAUTHBEARER_TOKEN_ENDPOINT_URL.valueIn(values) == null) {
            return List.of(new SettingProblem(SASL_MECHANISM.name(), "OAUTHBEARER needs "
                    + OAUTHBEARER_TOKEN_ENDPOINT_URL.name()
                    + ", the http(s) URL of the identity provider's token endpoint"));
        }
        return List.of();
    }

    /** Tinybird's Kafka data sources read each value as one JSON object: one NDJSON line. */
    @Override
    public Optional<String> messageFormat() {
        return Optional.of("ndjson");
    }

    @Override
    public RecordStream openStream(ConnectorContext context, StreamSubscription subscription) {
        Map<String, Object> config = KafkaClientSettings.consumer(context, subscription.groupId(),
                subscription.startAtEarliest(), subscription.maxBatchRecords());
        MessageDecoding decoding = MessageDecoding.of(subscription, registry(context), context.connectionName());
        return new KafkaRecordStream(newConsumer(context, config), decoding, subscription);
    }

    /**
     * The fields of the latest Avro schema of the topic's values (subject {@code <topic>-value}, as Tinybird names
     * it), when the values are Avro: named so by {@code KAFKA_VALUE_FORMAT}, or left to a connection with a registry.
     */
    @Override
    public List<StreamField> valueFields(ConnectorContext context, StreamSubscription subscription) {
        SchemaRegistry registry = registry(context);
        MessageDecoding decoding = MessageDecoding.of(subscription, registry, context.connectionName());
        if (registry == null || !decoding.valuesMayBeAvro()) {
            return List.of();
        }
        SchemaRegistry.RegisteredSchema latest = registry.latest(subscription.topic() + "-value");
        return latest == null || !latest.isAvro() ? List.of() : AvroColumns.of(latest.avro());
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
            throw KafkaErrors.translate("cannot read the end offsets of topic " + topic, e);
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
                throw new StreamException(ErrorCategory.CONFIGURATION, "connection '" + context.connectionName()
                        + "': the broker has no topic " + topic, null);
            }
            return KafkaSampler.sample(consumer, partitions, MessageDecoding.detecting(registry(context)), maxRecords,
                    timeout);
        } catch (KafkaException e) {
            throw KafkaErrors.translate("connection '" + context.connectionName() + "': cannot read topic " + topic, e);
        }
    }

    @Override
    public Set<String> topics(ConnectorContext context) {
        try (KafkaConsumer<byte[], byte[]> consumer = newConsumer(context, KafkaClientSettings.of(context))) {
            return new TreeSet<>(consumer.listTopics(METADATA_TIMEOUT).keySet());
        } catch (KafkaException e) {
            throw KafkaErrors.translate("connection '" + context.connectionName() + "': cannot list the topics", e);
        }
    }

    /** The connection's schema registry, or {@code null} when it names none ({@code ''} included). */
    private static SchemaRegistry registry(ConnectorContext context) {
        URI url = context.value(SCHEMA_REGISTRY_URL);
        return url == null ? null : new SchemaRegistry(url);
    }

    @Override
    public TopicWriter openTopicWriter(ConnectorContext context, String topic) {
        Map<String, Object> config = KafkaClientSettings.producer(context);
        try {
            return new KafkaTopicWriter(withPluginContextLoader(() -> new KafkaProducer<>(config,
                    new ByteArraySerializer(), new ByteArraySerializer())), context.connectionName(), topic);
        } catch (KafkaException e) {
            throw KafkaErrors.translate("connection '" + context.connectionName() + "': cannot create a Kafka "
                    + "producer", e);
        }
    }

    private static KafkaConsumer<byte[], byte[]> newConsumer(ConnectorContext context, Map<String, Object> config) {
        try {
            return withPluginContextLoader(() -> new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer()));
        } catch (KafkaException e) {
            throw KafkaErrors.translate("connection '" + context.connectionName() + "': cannot create a Kafka "
                    + "consumer", e);
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
}
