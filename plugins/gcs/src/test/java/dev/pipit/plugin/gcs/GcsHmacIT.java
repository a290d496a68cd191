package dev.pipit.plugin.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.pipit.plugin.s3.testutil.S3Server;
import dev.pipit.scheduler.testutil.Connectors;
import dev.pipit.scheduler.testutil.ObjectStoreContract;
import dev.pipit.spi.connector.ListRequest;
import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.spi.connector.ObjectStore;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A {@code TYPE gcs} connection with HMAC keys, read through the S3-compatible XML API by the S3 plugin's code.
 * The Firebase emulator has no XML API, so the server is S3Proxy (the S3 plugin's test server) with an HMAC pair
 * as its identity: what is tested is the way there (settings, signing, paging, messages in GCS's words), not
 * Google's own XML API.
 */
class GcsHmacIT extends ObjectStoreContract {
    private static final String CONNECTION = "landing_gcs_hmac";
    private static final String ACCESS_ID = "GOOG1EPIPITTESTHMACACCESSID0000000000000000000000000000000";
    private static final String SECRET = "pipit-test-hmac-secret-0123456789abcdef";

    private static S3Server server;

    private String bucket;
    private ObjectStore store;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3Server.withKeys(ACCESS_ID, SECRET);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void createBucket() {
        bucket = "bkt-" + UUID.randomUUID().toString().substring(0, 8);
        server.createBucket(bucket);
        store = open(SECRET);
    }

    @AfterEach
    void closeStore() throws IOException {
        store.close();
    }

    @Override
    protected ObjectStore store() {
        return store;
    }

    @Override
    protected String bucket() {
        return bucket;
    }

    @Override
    protected String scheme() {
        return "gs";
    }

    @Override
    protected String connectionName() {
        return CONNECTION;
    }

    @Override
    protected void put(String key, byte[] content) {
        server.put(bucket, key, content);
    }

    @Override
    protected void delete(String key) {
        server.delete(bucket, key);
    }

    /** The XML API's ETag, as S3's: the MD5 of a single-part upload. */
    @Override
    protected void assertVersionTag(ObjectRef object, byte[] content) throws Exception {
        assertThat(object.etag()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content)));
    }

    @Test
    void aWrongSecretFailsInGcsWordsWithoutTheSecret() throws Exception {
        String wrongSecret = "wrong-hmac-secret-never-to-be-shown";
        try (ObjectStore wrong = open(wrongSecret)) {
            assertThatExceptionOfType(IOException.class)
                    .isThrownBy(() -> wrong.list(new ListRequest(bucket, "landing/", null, 10)))
                    .satisfies(error -> {
                        assertThat(error.getMessage()).isEqualTo("connection 'landing_gcs_hmac': access denied to gs://"
                                + bucket + "/landing/ (check GCS_HMAC_ACCESS_ID / GCS_HMAC_SECRET and the key's "
                                + "service account permissions): GCS answered SignatureDoesNotMatch (HTTP 403)");
                        assertThat(allMessages(error)).doesNotContain(wrongSecret, SECRET);
                    });
        }
    }

    private ObjectStore open(String secret) {
        return Connectors.open("gcs", CONNECTION, Map.of(
                GcsConnectorFactory.HMAC_ACCESS_ID, ACCESS_ID,
                GcsConnectorFactory.HMAC_SECRET, secret,
                GcsConnectorFactory.ENDPOINT, server.endpoint().toString()));
    }
}
