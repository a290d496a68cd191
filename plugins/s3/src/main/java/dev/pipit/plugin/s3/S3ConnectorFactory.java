package dev.pipit.plugin.s3;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.PluginVersion;
import dev.pipit.spi.config.SettingProblem;
import dev.pipit.spi.config.SettingSpec;
import dev.pipit.spi.config.SettingValidator;
import dev.pipit.spi.config.SettingsSpec;
import dev.pipit.spi.connector.AccessDocument;
import dev.pipit.spi.connector.AccessRequest;
import dev.pipit.spi.connector.ConnectorContext;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.connector.ConnectorKind;
import dev.pipit.spi.connector.NotificationSource;
import dev.pipit.spi.connector.ObjectStore;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The two S3 connection types. Both take the same endpoint and client settings; they differ in how they
 * authenticate: {@code s3} with keys or the AWS default credentials chain, {@code s3_iamrole} by assuming a role.
 */
final class S3ConnectorFactory implements ConnectorFactory {
    static final SettingSpec<String> REGION = SettingSpec.string("S3_REGION").required().flag("region")
            .doc("AWS region of the bucket, e.g. eu-west-1.").build();
    static final SettingSpec<String> ACCESS_KEY = SettingSpec.string("S3_ACCESS_KEY").secret().suggested()
            .doc("Access key id; without keys the AWS default credentials chain is used.").build();
    static final SettingSpec<String> SECRET = SettingSpec.string("S3_SECRET").secret().suggested()
            .doc("Secret access key that goes with S3_ACCESS_KEY.").build();
    static final SettingSpec<String> SESSION_TOKEN = SettingSpec.string("S3_SESSION_TOKEN").secret()
            .doc("Session token for temporary credentials (Pipit extension).").build();
    static final SettingSpec<String> ARN = SettingSpec.string("S3_ARN").required().flag("role-arn")
            .doc("ARN of the IAM role Pipit assumes through STS.").build();
    static final SettingSpec<String> EXTERNAL_ID = SettingSpec.string("S3_EXTERNAL_ID").flag("external-id")
            .doc("External id required by the role's trust policy.").build();
    static final SettingSpec<URI> STS_ENDPOINT = SettingSpec.httpUrl("S3_STS_ENDPOINT")
            .doc("URL of the STS endpoint that issues the role's credentials, for private or test STS services "
                    + "(Pipit extension).").build();
    static final SettingSpec<URI> ENDPOINT = SettingSpec.httpUrl("S3_ENDPOINT").flag("endpoint")
            .doc("URL of an S3-compatible endpoint such as MinIO or R2 (Pipit extension).").build();
    static final SettingSpec<Boolean> PATH_STYLE = SettingSpec.bool("S3_PATH_STYLE").defaultValue("false")
            .doc("Address buckets as ENDPOINT/bucket instead of bucket.ENDPOINT (Pipit extension).").build();
    static final SettingSpec<Duration> CONNECT_TIMEOUT = SettingSpec.duration("S3_CONNECT_TIMEOUT")
            .defaultValue("10s").doc("How long to wait for a connection to S3, e.g. 10s (Pipit extension).").build();
    static final SettingSpec<Duration> READ_TIMEOUT = SettingSpec.duration("S3_READ_TIMEOUT").defaultValue("60s")
            .doc("How long a read may wait for the next bytes from S3, e.g. 60s (Pipit extension).").build();
    static final SettingSpec<Integer> MAX_ATTEMPTS = SettingSpec.integer("S3_MAX_ATTEMPTS").defaultValue("3")
            .validator(new SettingValidator<>("a whole number >= 1 (1 turns retries off)", attempts -> attempts >= 1))
            .doc("Attempts per request, with backoff, on throttling, 5xx answers and broken connections; 1 turns "
                    + "retries off (Pipit extension).").build();

    private final String type;
    private final SettingsSpec settings;

    private S3ConnectorFactory(String type, SettingsSpec settings) {
        this.type = requireNonNull(type, "type is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    static S3ConnectorFactory withKeys() {
        return new S3ConnectorFactory("s3", SettingsSpec.of(REGION, ACCESS_KEY, SECRET, SESSION_TOKEN,
                ENDPOINT, PATH_STYLE, CONNECT_TIMEOUT, READ_TIMEOUT, MAX_ATTEMPTS));
    }

    static S3ConnectorFactory withRole() {
        return new S3ConnectorFactory("s3_iamrole", SettingsSpec.of(REGION, ARN, EXTERNAL_ID, STS_ENDPOINT,
                ENDPOINT, PATH_STYLE, CONNECT_TIMEOUT, READ_TIMEOUT, MAX_ATTEMPTS));
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
    public List<String> uriSchemes() {
        return List.of("s3");
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

    @Override
    public String notificationQueue(String value) {
        return SqsQueue.parse(value).written();
    }

    @Override
    public NotificationSource openNotifications(ConnectorContext context, String queue) {
        return SqsNotificationSource.open(context.connectionName(), S3Settings.parse(context.settings()),
                SqsQueue.parse(queue));
    }

    @Override
    public String readPermissions() {
        String permissions = "s3:ListBucket on the bucket and s3:GetObject on its objects";
        return assumesRole()
                ? permissions + ", for the role (`bin/scheduler connection create s3_iamrole ... --policy read "
                        + "--bucket B` prints the policy)"
                : permissions;
    }

    /** The access policy for the bucket and, for a role, the trust policy that lets Pipit assume it. */
    @Override
    public List<AccessDocument> accessDocuments(AccessRequest request) {
        String region = request.settings().getOrDefault(REGION.name(), "REGION");
        String queueArn = request.queue() == null ? null : SqsQueue.parse(request.queue()).arn(region);
        List<AccessDocument> documents = new ArrayList<>();
        documents.add(new AccessDocument("Access policy (attach it to the role)", IamPolicies.accessPolicy(
                request.bucket(), request.access() == AccessRequest.Access.WRITE, queueArn)));
        if (queueArn != null) {
            documents.add(new AccessDocument("Queue access policy (the SQS queue's policy, so that S3 may send the "
                    + "bucket's events to it)", IamPolicies.queuePolicy(request.bucket(), queueArn)));
            documents.add(new AccessDocument("Bucket notification configuration (aws s3api "
                    + "put-bucket-notification-configuration --bucket " + request.bucket()
                    + " --notification-configuration file://notification.json)",
                    IamPolicies.notificationConfiguration(queueArn)));
        }
        if (!assumesRole()) {
            return List.copyOf(documents);
        }
        String externalId = request.settings().get(EXTERNAL_ID.name());
        if (externalId == null) {
            throw new IllegalArgumentException("the trust policy of an s3_iamrole connection needs its "
                    + EXTERNAL_ID.name());
        }
        documents.add(new AccessDocument("Trust policy (the role's trust relationship; replace the "
                + "principal with the identity Pipit runs as)", IamPolicies.trustPolicy(request.principal(), externalId)));
        return List.copyOf(documents);
    }

    private boolean assumesRole() {
        return settings.find(ARN.name()).isPresent();
    }
}
