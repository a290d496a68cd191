package dev.pipit.plugin.kafka;

import dev.pipit.spi.PluginVersion;
import dev.pipit.spi.config.SettingProblem;
import dev.pipit.spi.config.SettingsSpec;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.connector.ConnectorKind;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code kafka} connection type. Consumption arrives with the Kafka connector issue; this factory declares
 * and checks the settings.
 */
final class KafkaConnectorFactory implements ConnectorFactory {
    static final String BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";
    static final String SECURITY_PROTOCOL = "KAFKA_SECURITY_PROTOCOL";
    static final String SASL_MECHANISM = "KAFKA_SASL_MECHANISM";
    static final String KEY = "KAFKA_KEY";
    static final String SECRET = "KAFKA_SECRET";
    static final String SCHEMA_REGISTRY_URL = "KAFKA_SCHEMA_REGISTRY_URL";
    static final String SSL_CA_PEM = "KAFKA_SSL_CA_PEM";

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

    private static boolean isSet(String value) {
        return value != null && !value.isEmpty();
    }
}
