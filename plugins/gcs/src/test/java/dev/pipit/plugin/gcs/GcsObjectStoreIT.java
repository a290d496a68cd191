package dev.pipit.plugin.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.pipit.spi.connector.ListRequest;
import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.spi.connector.ObjectStore;
import dev.pipit.testkit.gcs.FakeTokenEndpoint;
import dev.pipit.testkit.gcs.GcsEmulator;
import dev.pipit.testkit.store.Connectors;
import dev.pipit.testkit.store.ObjectStoreContract;
import dev.pipit.testkit.store.ObjectUploadContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The GCS store against a real GCS JSON API server (the Firebase Storage emulator), through a datafile's settings. */
class GcsObjectStoreIT extends ObjectStoreContract implements ObjectUploadContract {
    private static final String CONNECTION = "landing_gcs";

    @RegisterExtension
    static final GcsEmulator EMULATOR = new GcsEmulator();

    GcsObjectStoreIT() {
        super("gs", CONNECTION);
    }

    @Override
    public ObjectStore storeUnderTest() {
        return store();
    }

    @Override
    public String bucketUnderTest() {
        return bucket();
    }

    @Override
    public int partSize() {
        return GcsUpload.CHUNK_SIZE;
    }

    /** The emulator creates no buckets (it answers 501); each test's bucket appears with its first object. */
    @Override
    protected ObjectStore openStore() {
        return Connectors.open("gcs", CONNECTION, Map.of(GcsConnectorFactory.ENDPOINT.name(), EMULATOR.endpoint().toString()));
    }

    /** {@link GcsErrorsTest} checks what a 404 listing becomes instead. */
    @Override
    protected void assumeServerKnowsMissingBuckets() {
        Assumptions.abort("the GCS emulator has no buckets of its own (they appear with their first object) and "
                + "lists a bucket it never saw as empty instead of answering 404");
    }

    @Override
    protected void put(String key, byte[] content) throws Exception {
        EMULATOR.put(bucket(), key, content);
    }

    @Override
    protected void putAll(Map<String, byte[]> objects) {
        EMULATOR.putAll(bucket(), objects);
    }

    @Override
    protected void delete(String key) throws Exception {
        EMULATOR.delete(bucket(), key);
    }

    /** The generation: what reads ask for, so a file is imported as it was listed. */
    @Override
    protected void assertVersionTag(ObjectRef object, byte[] content) {
        assertThat(object.etag()).matches("[1-9][0-9]*");
    }

    @Test
    void aServiceAccountKeyIsExchangedForATokenAndLists() throws Exception {
        put("signed.csv", "read with a token");
        try (FakeTokenEndpoint tokens = FakeTokenEndpoint.issuing();
                ObjectStore signed = openWithKey(tokens.serviceAccountKey("key-1"))) {
            List<ObjectRef> objects = signed.list(ListRequest.firstPage(bucket(), "", 10)).objects();

            assertThat(objects).extracting(ObjectRef::key).containsExactly("signed.csv");
            assertThat(read(signed.open(objects.get(0)))).asString().isEqualTo("read with a token");
        }
    }

    @Test
    void aRefusedKeyFailsWithAClearMessageThatHoldsNoSecret() throws Exception {
        try (FakeTokenEndpoint tokens = FakeTokenEndpoint.refusing()) {
            String key = tokens.serviceAccountKey("key-2");
            String privateKey = key.substring(key.indexOf("-----BEGIN"), key.indexOf("-----END"));
            try (ObjectStore refused = openWithKey(key)) {
                assertThatExceptionOfType(IOException.class)
                        .isThrownBy(() -> refused.list(ListRequest.firstPage(bucket(), "landing/", 10)))
                        .satisfies(error -> {
                            assertThat(error.getMessage()).isEqualTo("connection 'landing_gcs': Google refused the "
                                    + "credentials for gs://" + bucket() + "/landing/ (check "
                                    + "GCS_SERVICE_ACCOUNT_CREDENTIALS_JSON: is the key still valid and its service "
                                    + "account enabled?)");
                            assertThat(allMessages(error)).doesNotContain(privateKey.substring(30, 90), "key-2");
                        });
            }
        }
    }

    @Test
    void aKeyThatIsNoServiceAccountKeyFailsWithoutQuotingIt() {
        String notAKey = "{\"type\": \"service_account\", \"private_key\": \"not-a-pem-secret-value\"}";

        assertThatExceptionOfType(UncheckedIOException.class)
                .isThrownBy(() -> openWithKey(notAKey))
                .satisfies(error -> assertThat(allMessages(error))
                        .contains("connection 'landing_gcs': GCS_SERVICE_ACCOUNT_CREDENTIALS_JSON is not a service "
                                + "account key")
                        .doesNotContain("not-a-pem-secret-value"));
    }

    @Test
    void anUnreachableEndpointFailsNamingConnectionAndLocation() throws Exception {
        try (ObjectStore unreachable = Connectors.open("gcs", CONNECTION, Map.of(
                // Port 9 (discard) is closed on loopback: the connection is refused at once.
                GcsConnectorFactory.ENDPOINT.name(), "http://127.0.0.1:9",
                GcsConnectorFactory.MAX_ATTEMPTS.name(), "2",
                GcsConnectorFactory.CONNECT_TIMEOUT.name(), "2s"))) {
            assertThatExceptionOfType(IOException.class)
                    .isThrownBy(() -> unreachable.list(ListRequest.firstPage(bucket(), "", 10)))
                    .withMessageStartingWith("connection 'landing_gcs': cannot reach GCS for gs://" + bucket() + "/");
        }
    }

    private ObjectStore openWithKey(String key) {
        return Connectors.open("gcs", CONNECTION, Map.of(
                GcsConnectorFactory.SERVICE_ACCOUNT_JSON.name(), key,
                GcsConnectorFactory.ENDPOINT.name(), EMULATOR.endpoint().toString()));
    }
}
