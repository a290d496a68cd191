package dev.pipit.plugin.kafka;

import dev.pipit.spi.PluginVersion;
import dev.pipit.spi.config.SettingProblem;
import dev.pipit.spi.config.SettingsSpec;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.connector.ConnectorKind;
import dev.pipit.spi.connector.ConnectorContext;
import dev.pipit.spi.stream.RecordStream;
import dev.pipit.spi.stream.StreamException;
import dev.pipit.spi.stream.StreamField;
import dev.pipit.spi.stream.StreamSubscription;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
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
    /** Pipit extensions for OAUTHBEARER, named after kafka-clients' {@code sasl.oauthbearer.*} settings. */
    static final String OAUTHBEARER_TOKEN_ENDPOINT_URL = "KAFKA_SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL";
    static final String OAUTHBEARER_SCOPE = "KAFKA_SASL_OAUTHBEARER_SCOPE";

    /** How long {@code status} waits for a broker's answer before showing the lag as unknown. */
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);

    private static final SettingsSpec SETTINGS = SettingsSpec.builder()
            .required(BOOTSTRAP_SERVERS, "Comma-separated host:port list of brokers.")
            .choice(SECURITY_PROTOCOL, "PLAINTEXT", "How clients talk to brokers.",
                    "PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL")
            .choice(SASL_MECHANISM, "PLAIN", "SASL mechanism, for the SASL_* protocols.",
                    "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", KafkaClientSettings.OAUTHBEARER)
            .secret(KEY, "SASL user name (API key); the OAuth client id with OAUTHBEARER.")
            .secret(SECRET, "SASL password (API secret); the OAuth client secret with OAUTHBEARER.")
            .optional(OAUTHBEARER_TOKEN_ENDPOINT_URL, null, "OAUTHBEARER: the identity provider's token endpoint, "
                    + "where the client credentials are exchanged for tokens.")
            .optional(OAUTHBEARER_SCOPE, null, "OAUTHBEARER: the scope to ask tokens for, if the provider needs one.")
            // A registry URL may carry user:password@, so it is masked like a secret.
            .secret(SCHEMA_REGISTRY_URL, "Schema registry URL (https://user:password@host); Avro and JSON Schema "
                    + "messages are decoded with the schemas it holds.")
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
        boolean oauth = KafkaClientSettings.OAUTHBEARER.equalsIgnoreCase(values.getOrDefault(SASL_MECHANISM, ""));
        if (sasl && oauth && !isHttpUrl(values.get(OAUTHBEARER_TOKEN_ENDPOINT_URL))) {
            return List.of(new SettingProblem(SASL_MECHANISM, "OAUTHBEARER needs "
                    + OAUTHBEARER_TOKEN_ENDPOINT_URL + ", the http(s) URL of the identity provider's token endpoint"));
        }
        if (isSet(values.get(SCHEMA_REGISTRY_URL))) {
            try {
                new SchemaRegistry(values.get(SCHEMA_REGISTRY_URL));
            } catch (IllegalArgumentException e) {
                return List.of(new SettingProblem(SCHEMA_REGISTRY_URL, e.getMessage()));
            }
        }
        return List.of();
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
            throw new StreamException("cannot read the end offsets of topic " + topic + ": " + e.getMessage(), e);
        }
    }

    /** The connection's schema registry, or {@code null} when it names none ({@code ''} included). */
    private static SchemaRegistry registry(ConnectorContext context) {
        String url = context.setting(SCHEMA_REGISTRY_URL);
        return isSet(url) ? new SchemaRegistry(url) : null;
    }

    private static KafkaConsumer<byte[], byte[]> newConsumer(ConnectorContext context, Map<String, Object> config) {
        try {
            return withPluginContextLoader(() -> new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer()));
        } catch (KafkaException e) {
            throw new StreamException("connection '" + context.connectionName() + "': cannot create a Kafka "
                    + "consumer: " + e.getMessage() + rootCause(e), e);
        }
    }

    /**
     * The innermost cause, which says what went wrong (an OAuth token endpoint refusing the client), where the
     * outer message only says the consumer was not made. kafka-clients' messages name URLs and HTTP answers,
     * never the credentials sent.
     */
    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e || root.getMessage() == null ? "" : " (" + root.getMessage() + ")";
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

    private static boolean isHttpUrl(String value) {
        String url = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return url.startsWith("https://") || url.startsWith("http://");
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
