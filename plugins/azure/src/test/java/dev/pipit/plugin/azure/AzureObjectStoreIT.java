package dev.pipit.plugin.azure;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.pipit.spi.connector.ListRequest;
import dev.pipit.spi.connector.Listing;
import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.spi.connector.ObjectStore;
import dev.pipit.spi.error.ConfigurationException;
import dev.pipit.spi.error.RetriableException;
import dev.pipit.testkit.azure.Azurite;
import dev.pipit.testkit.store.Connectors;
import dev.pipit.testkit.store.ObjectStoreContract;
import dev.pipit.testkit.store.ObjectUploadContract;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Azure store against a real Blob service (Azurite), through a datafile's settings. */
class AzureObjectStoreIT extends ObjectStoreContract implements ObjectUploadContract {
    private static final String CONNECTION = "landing_azure";

    @RegisterExtension
    static final Azurite AZURITE = new Azurite();

    AzureObjectStoreIT() {
        super("az", CONNECTION);
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
        return AzureUpload.BLOCK_SIZE;
    }

    @Override
    protected void createBucket(String bucket) {
        AZURITE.createContainer(bucket);
    }

    @Override
    protected ObjectStore openStore() {
        return open(Map.of(AzureConnectorFactory.STORAGE_ACCOUNT.name(), Azurite.ACCOUNT,
                AzureConnectorFactory.ACCOUNT_KEY.name(), Azurite.ACCOUNT_KEY));
    }

    @Override
    protected void put(String key, byte[] content) {
        AZURITE.put(bucket(), key, content);
    }

    @Override
    protected void putAll(Map<String, byte[]> objects) {
        AZURITE.putAll(bucket(), objects);
    }

    @Override
    protected void delete(String key) {
        AZURITE.delete(bucket(), key);
    }

    /** Azure's ETag, without its quotes: what reads ask for, so a file is imported as it was listed. */
    @Override
    protected void assertVersionTag(ObjectRef object, byte[] content) {
        assertThat(object.etag()).isEqualTo(AZURITE.container(bucket()).getBlobClient(object.key()).getProperties()
                .getETag().replace("\"", ""));
    }

    @Test
    void pagesPastTheFiveThousandBlobsAzureAnswersAtMost() throws Exception {
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        for (int i = 0; i < 5_001; i++) {
            blobs.put("many/%05d.csv".formatted(i), new byte[] {'x'});
        }
        AZURITE.putAll(bucket(), blobs);

        Listing first = store().list(ListRequest.firstPage(bucket(), "many/", 10_000));
        List<ObjectRef> all = listAll("many/", 10_000, null);

        assertThat(first.objects()).hasSize(5_000);
        assertThat(first.finished()).isFalse();
        assertThat(all).hasSize(5_001);
        assertThat(all.get(5_000).key()).isEqualTo("many/05000.csv");
    }

    @Test
    void aBlobReplacedAfterItWasListedIsNotReadAsTheListedOne() throws Exception {
        put("replaced.csv", "first version");
        ObjectRef listed = listAll("", 10, null).get(0);
        put("replaced.csv", "second version, longer");

        assertThatExceptionOfType(FileNotFoundException.class)
                .isThrownBy(() -> store().open(listed))
                .withMessage("connection 'landing_azure': az://" + bucket() + "/replaced.csv was replaced after it "
                        + "was listed");
        assertThatExceptionOfType(FileNotFoundException.class)
                .isThrownBy(() -> read(store().openRange(listed, 0, 5)));
    }

    @Test
    void aMissingContainerIsAConfigurationErrorNamingIt() {
        assertThatExceptionOfType(ConfigurationException.class)
                .isThrownBy(() -> store().list(ListRequest.firstPage("no-such-container", "in/", 10)))
                .withMessage("connection 'landing_azure': container 'no-such-container' does not exist (listing "
                        + "az://no-such-container/in/; check the container in the data source's URI, and the "
                        + "connection's storage account: the container is looked for there)");
    }

    @Test
    void listsAndReadsThroughTheAbfssAndHttpsFormsOfTheConnectionsAccount() throws Exception {
        put("logs/a.csv", "abfss and https");
        String abfss = bucket() + "@" + Azurite.ACCOUNT + ".dfs.core.windows.net";
        String https = Azurite.ACCOUNT + ".blob.core.windows.net";

        ObjectRef viaAbfss = store().list(ListRequest.firstPage(abfss, "logs/", 10)).objects().get(0);
        ObjectRef viaHttps = store().list(new ListRequest(https, bucket() + "/logs/", null, 10,
                bucket() + "/logs/0")).objects().get(0);

        assertThat(viaAbfss.bucket()).isEqualTo(abfss);
        assertThat(viaAbfss.key()).isEqualTo("logs/a.csv");
        assertThat(read(store().openRange(viaAbfss, 0, 5))).asString().isEqualTo("abfss");
        assertThat(viaHttps.bucket()).isEqualTo(https);
        assertThat(viaHttps.key()).isEqualTo(bucket() + "/logs/a.csv");
        assertThat(read(store().openRange(viaHttps, 10, 5))).asString().isEqualTo("https");
    }

    @Test
    void aUriOfAnotherAccountIsRefusedBeforeAnyRequest() {
        assertThatExceptionOfType(ConfigurationException.class)
                .isThrownBy(() -> store().list(
                        ListRequest.firstPage(bucket() + "@acmeother.dfs.core.windows.net", "logs/", 10)))
                .withMessage("connection 'landing_azure': abfss://" + bucket() + "@acmeother.dfs.core.windows.net/logs/"
                        + " is in storage account acmeother, but the connection reads account devstoreaccount1 (write "
                        + "az://container/... or use a connection of account acmeother)");
    }

    @Test
    void aSasTokenListsAndReads() throws Exception {
        put("shared.csv", "read with a SAS token");
        String sas = AZURITE.sasToken(bucket(), "rl", Duration.ofHours(1));

        try (ObjectStore shared = open(Map.of(AzureConnectorFactory.ENDPOINT.name(), AZURITE.endpoint().toString(),
                AzureConnectorFactory.SAS_TOKEN.name(), "?" + sas))) {
            List<ObjectRef> objects = shared.list(ListRequest.firstPage(bucket(), "", 10)).objects();

            assertThat(objects).extracting(ObjectRef::key).containsExactly("shared.csv");
            assertThat(read(shared.open(objects.get(0)))).asString().isEqualTo("read with a SAS token");
        }
    }

    @Test
    void aSasTokenWithoutListFailsNamingTheSettingAndNeverTheSignature() throws Exception {
        String readOnly = AZURITE.sasToken(bucket(), "r", Duration.ofHours(1));
        String signature = signature(readOnly);

        try (ObjectStore shared = open(Map.of(AzureConnectorFactory.ENDPOINT.name(), AZURITE.endpoint().toString(),
                AzureConnectorFactory.SAS_TOKEN.name(), readOnly))) {
            assertThatExceptionOfType(ConfigurationException.class)
                    .isThrownBy(() -> shared.list(ListRequest.firstPage(bucket(), "landing/", 10)))
                    .satisfies(error -> {
                        assertThat(error.getMessage()).startsWith("connection 'landing_azure': access denied to az://"
                                + bucket() + "/landing/ (check AZURE_SAS_TOKEN: ").endsWith("(HTTP 403)");
                        assertThat(allMessages(error)).doesNotContain(signature, Azurite.ACCOUNT_KEY);
                    });
        }
    }

    @Test
    void aConnectionStringListsAndReads() throws Exception {
        put("connected.csv", "read through a connection string");

        try (ObjectStore connected = open(Map.of(AzureConnectorFactory.CONNECTION_STRING.name(),
                AZURITE.connectionString()))) {
            ObjectRef object = connected.list(ListRequest.firstPage(bucket(), "", 10)).objects().get(0);

            assertThat(read(connected.openRange(object, 5, 7))).asString().isEqualTo("through");
        }
    }

    @Test
    void aWrongKeyFailsWithAClearMessageThatHoldsNoKey() throws Exception {
        String wrongKey = Base64.getEncoder().encodeToString("not the account's key at all, 64 bytes long......."
                .getBytes(UTF_8));

        try (ObjectStore wrong = open(Map.of(AzureConnectorFactory.STORAGE_ACCOUNT.name(), Azurite.ACCOUNT,
                AzureConnectorFactory.ACCOUNT_KEY.name(), wrongKey))) {
            assertThatExceptionOfType(ConfigurationException.class)
                    .isThrownBy(() -> wrong.list(ListRequest.firstPage(bucket(), "landing/", 10)))
                    .satisfies(error -> {
                        assertThat(error.getMessage()).isEqualTo("connection 'landing_azure': access denied to az://"
                                + bucket() + "/landing/ (check AZURE_ACCOUNT_KEY: is it valid and not expired, and "
                                + "does it allow listing and reading the container?): Azure answered "
                                + "AuthorizationFailure (HTTP 403)");
                        assertThat(allMessages(error)).doesNotContain(wrongKey, Azurite.ACCOUNT_KEY);
                    });
        }
    }

    @Test
    void anUnreachableEndpointFailsNamingConnectionAndLocation() throws Exception {
        // Port 9 (discard) is closed on loopback: the connection is refused at once.
        try (ObjectStore unreachable = open(Map.of(AzureConnectorFactory.STORAGE_ACCOUNT.name(), Azurite.ACCOUNT,
                AzureConnectorFactory.ACCOUNT_KEY.name(), Azurite.ACCOUNT_KEY,
                AzureConnectorFactory.ENDPOINT.name(), "http://127.0.0.1:9/" + Azurite.ACCOUNT,
                AzureConnectorFactory.MAX_ATTEMPTS.name(), "1",
                AzureConnectorFactory.CONNECT_TIMEOUT.name(), "2s"))) {
            assertThatExceptionOfType(RetriableException.class)
                    .isThrownBy(() -> unreachable.list(ListRequest.firstPage(bucket(), "", 10)))
                    .withMessageStartingWith("connection 'landing_azure': cannot reach Azure for az://" + bucket()
                            + "/: ");
        }
    }

    /** Azurite with its account key unless {@code settings} says otherwise. */
    private static ObjectStore open(Map<String, String> settings) {
        Map<String, String> effective = new LinkedHashMap<>();
        effective.put(AzureConnectorFactory.ENDPOINT.name(), AZURITE.endpoint().toString());
        effective.putAll(settings);
        return Connectors.open("azure", CONNECTION, effective);
    }

    private static String signature(String sas) {
        for (String parameter : sas.split("&")) {
            if (parameter.startsWith("sig=")) {
                return parameter.substring("sig=".length());
            }
        }
        throw new AssertionError("no signature in the SAS token");
    }
}
