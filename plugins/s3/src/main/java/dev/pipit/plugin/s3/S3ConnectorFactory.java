package dev.pipit.plugin.s3;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.PluginVersion;
import dev.pipit.spi.config.SettingProblem;
import dev.pipit.spi.config.SettingsSpec;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.connector.ConnectorKind;
import java.util.List;
import java.util.Map;

/**
 * The two S3 connection types. Both take the same endpoint settings; they differ in how they authenticate.
 * Listing and reading arrive with the S3 connector issue; this factory declares and checks the settings.
 */
final class S3ConnectorFactory implements ConnectorFactory {
    static final String REGION = "S3_REGION";
    static final String ACCESS_KEY = "S3_ACCESS_KEY";
    static final String SECRET = "S3_SECRET";
    static final String SESSION_TOKEN = "S3_SESSION_TOKEN";
    static final String ARN = "S3_ARN";
    static final String EXTERNAL_ID = "S3_EXTERNAL_ID";
    static final String ENDPOINT = "S3_ENDPOINT";
    static final String PATH_STYLE = "S3_PATH_STYLE";

    private final String type;
    private final SettingsSpec settings;

    private S3ConnectorFactory(String type, SettingsSpec settings) {
        this.type = requireNonNull(type, "type is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    static S3ConnectorFactory withKeys() {
        return new S3ConnectorFactory("s3", endpointSettings(SettingsSpec.builder()
                        .required(REGION, "AWS region of the bucket, e.g. eu-west-1.")
                        .secret(ACCESS_KEY, "Access key id; without keys the AWS default credentials chain is used.")
                        .secret(SECRET, "Secret access key that goes with S3_ACCESS_KEY.")
                        .secret(SESSION_TOKEN, "Session token for temporary credentials (Pipit extension)."))
                .build());
    }

    static S3ConnectorFactory withRole() {
        return new S3ConnectorFactory("s3_iamrole", endpointSettings(SettingsSpec.builder()
                        .required(REGION, "AWS region of the bucket, e.g. eu-west-1.")
                        .required(ARN, "ARN of the IAM role Pipit assumes through STS.")
                        .optional(EXTERNAL_ID, null, "External id required by the role's trust policy."))
                .build());
    }

    private static SettingsSpec.Builder endpointSettings(SettingsSpec.Builder builder) {
        return builder
                .optional(ENDPOINT, null, "URL of an S3-compatible endpoint such as MinIO or R2 (Pipit extension).")
                .choice(PATH_STYLE, "false", "Address buckets as ENDPOINT/bucket instead of bucket.ENDPOINT "
                        + "(Pipit extension).", "true", "false");
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
        boolean hasKey = isSet(values.get(ACCESS_KEY));
        boolean hasSecret = isSet(values.get(SECRET));
        if (hasKey != hasSecret) {
            String missing = hasKey ? SECRET : ACCESS_KEY;
            return List.of(new SettingProblem(hasKey ? ACCESS_KEY : SECRET,
                    "S3_ACCESS_KEY and S3_SECRET go together: set " + missing + " too, or neither to use the AWS "
                            + "default credentials chain"));
        }
        return List.of();
    }

    /** Tinybird projects write {@code tb_secret("KEY", "")} for "not set here", so empty counts as unset. */
    private static boolean isSet(String value) {
        return value != null && !value.isEmpty();
    }
}
