package dev.pipit.plugin.s3;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.PluginVersion;
import dev.pipit.spi.config.SettingProblem;
import dev.pipit.spi.config.SettingsSpec;
import dev.pipit.spi.connector.ConnectorContext;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.connector.ConnectorKind;
import dev.pipit.spi.connector.ObjectStore;
import java.util.List;
import java.util.Map;

/**
 * The two S3 connection types. Both take the same endpoint and client settings; they differ in how they
 * authenticate: {@code s3} with keys or the AWS default credentials chain, {@code s3_iamrole} by assuming a role.
 */
final class S3ConnectorFactory implements ConnectorFactory {
    static final String REGION = "S3_REGION";
    static final String ACCESS_KEY = "S3_ACCESS_KEY";
    static final String SECRET = "S3_SECRET";
    static final String SESSION_TOKEN = "S3_SESSION_TOKEN";
    static final String ARN = "S3_ARN";
    static final String EXTERNAL_ID = "S3_EXTERNAL_ID";
    static final String STS_ENDPOINT = "S3_STS_ENDPOINT";
    static final String ENDPOINT = "S3_ENDPOINT";
    static final String PATH_STYLE = "S3_PATH_STYLE";
    static final String CONNECT_TIMEOUT = "S3_CONNECT_TIMEOUT";
    static final String READ_TIMEOUT = "S3_READ_TIMEOUT";
    static final String MAX_ATTEMPTS = "S3_MAX_ATTEMPTS";

    private final String type;
    private final SettingsSpec settings;

    private S3ConnectorFactory(String type, SettingsSpec settings) {
        this.type = requireNonNull(type, "type is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    static S3ConnectorFactory withKeys() {
        return new S3ConnectorFactory("s3", clientSettings(SettingsSpec.builder()
                        .required(REGION, "AWS region of the bucket, e.g. eu-west-1.")
                        .secret(ACCESS_KEY, "Access key id; without keys the AWS default credentials chain is used.")
                        .secret(SECRET, "Secret access key that goes with S3_ACCESS_KEY.")
                        .secret(SESSION_TOKEN, "Session token for temporary credentials (Pipit extension)."))
                .build());
    }

    static S3ConnectorFactory withRole() {
        return new S3ConnectorFactory("s3_iamrole", clientSettings(SettingsSpec.builder()
                        .required(REGION, "AWS region of the bucket, e.g. eu-west-1.")
                        .required(ARN, "ARN of the IAM role Pipit assumes through STS.")
                        .optional(EXTERNAL_ID, null, "External id required by the role's trust policy.")
                        .optional(STS_ENDPOINT, null, "URL of the STS endpoint that issues the role's credentials, "
                                + "for private or test STS services (Pipit extension)."))
                .build());
    }

    private static SettingsSpec.Builder clientSettings(SettingsSpec.Builder builder) {
        return builder
                .optional(ENDPOINT, null, "URL of an S3-compatible endpoint such as MinIO or R2 (Pipit extension).")
                .choice(PATH_STYLE, "false", "Address buckets as ENDPOINT/bucket instead of bucket.ENDPOINT "
                        + "(Pipit extension).", "true", "false")
                .optional(CONNECT_TIMEOUT, "10s", "How long to wait for a connection to S3, e.g. 10s "
                        + "(Pipit extension).")
                .optional(READ_TIMEOUT, "60s", "How long a read may wait for the next bytes from S3, e.g. 60s "
                        + "(Pipit extension).")
                .optional(MAX_ATTEMPTS, "3", "Attempts per request, with backoff, on throttling, 5xx answers and "
                        + "broken connections; 1 turns retries off (Pipit extension).");
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public String version() {
        return PluginVersion.of(S3ConnectorFactory.class);
    }

    @Override
    public ConnectorKind kind() {
        return ConnectorKind.OBJECT_STORE;
    }

    @Override
    public SettingsSpec settings() {
        return settings;
    }

    @Override
    public List<String> importServices() {
        // Tinybird projects name S3 buckets with either service, whatever the connection's authentication.
        return List.of("s3", "s3_iamrole");
    }

    @Override
    public List<SettingProblem> validate(Map<String, String> values) {
        return S3Settings.problems(values);
    }

    @Override
    public ObjectStore openObjectStore(ConnectorContext context) {
        S3Settings parsed = S3Settings.parse(context.settings());
        return S3ObjectStore.open(context.connectionName(), parsed, S3ApiNaming.S3);
    }
}
