package dev.pipit.plugin.kafka;

import dev.pipit.spi.connector.ConnectorContext;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;

/**
 * Turns a {@code .connection} file's settings into kafka-clients configuration. The credentials end up only in
 * {@code sasl.jaas.config} (or, for OAUTHBEARER, the client secret setting) and the CA in
 * {@code ssl.truststore.certificates}; kafka-clients declares these as passwords, so its own configuration dump
 * at start-up prints them as {@code [hidden]}.
 */
final class KafkaClientSettings {
    static final String OAUTHBEARER = "OAUTHBEARER";
    private static final String ALLOWED_URLS_PROPERTY = "org.apache.kafka.sasl.oauthbearer.allowed.urls";

    private KafkaClientSettings() {}

    /** The settings every client of this connection shares: where the brokers are and how to talk to them. */
    static Map<String, Object> of(ConnectorContext context) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, context.value(KafkaConnectorFactory.BOOTSTRAP_SERVERS));
        String protocol = protocol(context);
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
        if (protocol.startsWith("SASL_")) {
            String mechanism = context.value(KafkaConnectorFactory.SASL_MECHANISM);
            config.put(SaslConfigs.SASL_MECHANISM, mechanism);
            if (mechanism.equals(OAUTHBEARER)) {
                oauthBearer(context, config);
            } else {
                config.put(SaslConfigs.SASL_JAAS_CONFIG, jaasConfig(mechanism,
                        context.value(KafkaConnectorFactory.KEY), context.value(KafkaConnectorFactory.SECRET)));
            }
        }
        String caPem = context.value(KafkaConnectorFactory.SSL_CA_PEM);
        if (caPem != null && protocol.endsWith("SSL")) {
            config.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
            config.put(SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG, caPem);
        }
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, "pipit-" + context.connectionName());
        return config;
    }

    /** The consumer settings on top of {@link #of}: the core commits offsets, never the client on its own. */
    static Map<String, Object> consumer(ConnectorContext context, String groupId, boolean startAtEarliest,
            int maxPollRecords) {
        Map<String, Object> config = of(context);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, startAtEarliest ? "earliest" : "latest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        // A daemon killed outright never leaves its group; its partitions wait this long for its restart or for
        // another node. Kafka's 45 s default makes every crash a long pause; heartbeats run on their own thread, so
        // a slow batch does not count against it.
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        // Messages of aborted producer transactions never were; a table must not keep them either.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return config;
    }

    /**
     * The producer settings on top of {@link #of}, for sinks: idempotent, so a retried send never writes a message
     * twice, and acknowledged by every in-sync replica, so a flushed message survives a broker's loss.
     */
    static Map<String, Object> producer(ConnectorContext context) {
        Map<String, Object> config = of(context);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "pipit-sink-" + context.connectionName());
        // Rows arrive from a cursor faster than one request each: a few milliseconds fill batches.
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return config;
    }

    /**
     * OAuth 2.0 client credentials with kafka-clients' own OIDC login: {@code KAFKA_KEY} is the client id,
     * {@code KAFKA_SECRET} the client secret (a password-type setting, hidden in the client's config dump), and the
     * token is fetched from, and refreshed at, {@code KAFKA_SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL}.
     */
    private static void oauthBearer(ConnectorContext context, Map<String, Object> config) {
        String tokenUrl = context.value(KafkaConnectorFactory.OAUTHBEARER_TOKEN_ENDPOINT_URL).toString();
        allowTokenEndpoint(tokenUrl);
        config.put(SaslConfigs.SASL_LOGIN_CALLBACK_HANDLER_CLASS,
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler");
        config.put(SaslConfigs.SASL_JAAS_CONFIG,
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;");
        config.put(SaslConfigs.SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL, tokenUrl);
        config.put(SaslConfigs.SASL_OAUTHBEARER_CLIENT_CREDENTIALS_CLIENT_ID,
                context.value(KafkaConnectorFactory.KEY));
        config.put(SaslConfigs.SASL_OAUTHBEARER_CLIENT_CREDENTIALS_CLIENT_SECRET,
                new Password(context.value(KafkaConnectorFactory.SECRET)));
        String scope = context.value(KafkaConnectorFactory.OAUTHBEARER_SCOPE);
        if (scope != null) {
            config.put(SaslConfigs.SASL_OAUTHBEARER_SCOPE, scope.strip());
        }
    }

    /**
     * Since Kafka 4.0 the OIDC login only calls URLs listed in a JVM-wide system property; each connection's own
     * token endpoint is added to it, and nothing else is.
     */
    private static synchronized void allowTokenEndpoint(String tokenUrl) {
        String listed = System.getProperty(ALLOWED_URLS_PROPERTY, "");
        if (!Arrays.asList(listed.split(",")).contains(tokenUrl)) {
            System.setProperty(ALLOWED_URLS_PROPERTY, listed.isEmpty() ? tokenUrl : listed + "," + tokenUrl);
        }
    }

    private static String protocol(ConnectorContext context) {
        return context.value(KafkaConnectorFactory.SECURITY_PROTOCOL);
    }

    private static String jaasConfig(String mechanism, String user, String password) {
        String module = mechanism.equals("PLAIN")
                ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        return module + " required username=" + quoted(user) + " password=" + quoted(password) + ";";
    }

    /** A JAAS string value; escaping keeps a quote in a password from ending the value early. */
    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
