package dev.pipit.plugin.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.pipit.spi.connector.ListRequest;
import dev.pipit.spi.connector.ObjectStore;
import dev.pipit.testkit.s3.S3Server;
import dev.pipit.testkit.s3.S3ServerStoreContract;
import dev.pipit.testkit.store.Connectors;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A {@code TYPE gcs} connection with HMAC keys, read through the S3-compatible XML API by the S3 plugin's code.
 * The Firebase emulator has no XML API, so the server is S3Proxy (the S3 plugin's test server) with an HMAC pair
 * as its identity: what is tested is the way there (settings, signing, paging, messages in GCS's words), not
 * Google's own XML API.
 */
class GcsHmacIT extends S3ServerStoreContract {
    private static final String CONNECTION = "landing_gcs_hmac";
    private static final String ACCESS_ID = "GOOG1EPIPITTESTHMACACCESSID0000000000000000000000000000000";
    private static final String SECRET = "pipit-test-hmac-secret-0123456789abcdef";

    GcsHmacIT() {
        super("gs", CONNECTION);
    }

    @Override
    protected S3Server startServer() throws Exception {
        return S3Server.withKeys(ACCESS_ID, SECRET);
    }

    @Override
    protected ObjectStore open(S3Server server) {
        return open(server, SECRET);
    }

    @Test
    void aWrongSecretFailsInGcsWordsWithoutTheSecret() throws Exception {
        String wrongSecret = "wrong-hmac-secret-never-to-be-shown";
        try (ObjectStore wrong = open(server(), wrongSecret)) {
            assertThatExceptionOfType(IOException.class)
                    .isThrownBy(() -> wrong.list(ListRequest.firstPage(bucket(), "landing/", 10)))
                    .satisfies(error -> {
                        assertThat(error.getMessage()).isEqualTo("connection 'landing_gcs_hmac': access denied to gs://"
                                + bucket() + "/landing/ (check GCS_HMAC_ACCESS_ID / GCS_HMAC_SECRET and the key's "
                                + "service account permissions): GCS answered SignatureDoesNotMatch (HTTP 403)");
                        assertThat(allMessages(error)).doesNotContain(wrongSecret, SECRET);
                    });
        }
    }

    private static ObjectStore open(S3Server server, String secret) {
        return Connectors.open("gcs", CONNECTION, Map.of(
                GcsConnectorFactory.HMAC_ACCESS_ID.name(), ACCESS_ID,
                GcsConnectorFactory.HMAC_SECRET.name(), secret,
                GcsConnectorFactory.ENDPOINT.name(), server.endpoint().toString()));
    }
}
