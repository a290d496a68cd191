package dev.pipit.plugin.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.pipit.plugin.s3.testutil.FakeSts;
import dev.pipit.spi.connector.ListRequest;
import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.spi.connector.ObjectStore;
import dev.pipit.testkit.s3.S3Server;
import dev.pipit.testkit.store.Connectors;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code TYPE s3_iamrole}: the SDK's own STS client asks a local STS for the role's credentials, with the daemon's
 * identity from the default chain, and the S3 server accepts only the role's credentials. What is not tested here:
 * real AWS trust policies and external-id checks, which only AWS evaluates.
 */
class S3AssumeRoleIT {
    private static final String ROLE_KEY = "ASIAPIPITROLE0000001";
    private static final String ROLE_SECRET = "role-secret-issued-by-fake-sts";
    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/pipit-reader";

    @BeforeEach
    void daemonIdentity() {
        // The identity that asks STS: the default chain reads these system properties first.
        System.setProperty("aws.accessKeyId", "AKIADAEMONIDENTITY01");
        System.setProperty("aws.secretAccessKey", "daemon-identity-secret");
    }

    @AfterEach
    void forgetDaemonIdentity() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void signsWithTheAssumedRolesCredentials() throws Exception {
        try (S3Server s3 = S3Server.withKeys(ROLE_KEY, ROLE_SECRET);
                FakeSts sts = FakeSts.issuing(ROLE_KEY, ROLE_SECRET, Instant.now().plus(Duration.ofHours(1)));
                ObjectStore store = open(s3, sts)) {
            s3.createBucket("role-bkt");
            s3.put("role-bkt", "a.csv", "a".getBytes(UTF_8));

            assertThat(store.list(ListRequest.firstPage("role-bkt", "", 10)).objects())
                    .extracting(ObjectRef::key).containsExactly("a.csv");
            assertThat(sts.requests()).hasSize(1);
            assertThat(sts.requests().get(0)).containsEntry("Action", "AssumeRole")
                    .containsEntry("RoleArn", ROLE_ARN)
                    .containsEntry("ExternalId", "pipit-external-id")
                    .containsEntry("RoleSessionName", "pipit-landing_role");
        }
    }

    @Test
    void asksStsAgainBeforeTheCredentialsExpire() throws Exception {
        // Within the SDK's one-minute stale window from the start, so every use must refresh them before it goes
        // on. (In the five-minute prefetch window alone the refresh may happen in the background, after the test.)
        try (S3Server s3 = S3Server.withKeys(ROLE_KEY, ROLE_SECRET);
                FakeSts sts = FakeSts.issuing(ROLE_KEY, ROLE_SECRET, Instant.now().plus(Duration.ofSeconds(30)));
                ObjectStore store = open(s3, sts)) {
            s3.createBucket("role-bkt");

            store.list(ListRequest.firstPage("role-bkt", "", 10));
            store.list(ListRequest.firstPage("role-bkt", "", 10));

            assertThat(sts.requests()).hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aRefusedRoleFailsNamingTheConnectionAndWhatToCheck() throws Exception {
        try (S3Server s3 = S3Server.withKeys(ROLE_KEY, ROLE_SECRET);
                FakeSts sts = FakeSts.refusing();
                ObjectStore store = open(s3, sts)) {
            assertThatExceptionOfType(IOException.class)
                    .isThrownBy(() -> store.list(ListRequest.firstPage("role-bkt", "in/", 10)))
                    .withMessage("connection 'landing_role': could not assume the role for s3://role-bkt/in/: STS "
                            + "answered AccessDenied (HTTP 403) (check S3_ARN, S3_EXTERNAL_ID and the role's trust "
                            + "policy)");
        }
    }

    private static ObjectStore open(S3Server s3, FakeSts sts) {
        return Connectors.open("s3_iamrole", "landing_role", Map.of(
                S3ConnectorFactory.REGION.name(), S3Server.REGION,
                S3ConnectorFactory.ARN.name(), ROLE_ARN,
                S3ConnectorFactory.EXTERNAL_ID.name(), "pipit-external-id",
                S3ConnectorFactory.STS_ENDPOINT.name(), sts.endpoint().toString(),
                S3ConnectorFactory.ENDPOINT.name(), s3.endpoint().toString(),
                S3ConnectorFactory.PATH_STYLE.name(), "true"));
    }
}
