package dev.pipit.plugin.gcs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.pipit.plugin.gcs.testutil.FakeTokenEndpoint;
import dev.pipit.plugin.gcs.testutil.GcsConnections;
import dev.pipit.plugin.gcs.testutil.GcsEmulator;
import dev.pipit.scheduler.discovery.BucketUri;
import dev.pipit.scheduler.discovery.KeyGlob;
import dev.pipit.spi.connector.ListRequest;
import dev.pipit.spi.connector.Listing;
import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.spi.connector.ObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The GCS store against a real GCS JSON API server (the Firebase Storage emulator), through a datafile's settings. */
class GcsObjectStoreIT {
    private static final String CONNECTION = "landing_gcs";

    @RegisterExtension
    static final GcsEmulator EMULATOR = new GcsEmulator();

    private String bucket;
    private ObjectStore store;

    @BeforeEach
    void openStore() {
        // The emulator creates no buckets; each test's bucket appears with its first object.
        bucket = "bkt-" + UUID.randomUUID().toString().substring(0, 8);
        store = GcsConnections.open(CONNECTION, Map.of(GcsConnectorFactory.ENDPOINT, EMULATOR.endpoint().toString()));
    }

    @AfterEach
    void closeStore() throws Exception {
        store.close();
    }

    @Test
    void listsKeysInKeyOrderWithSizeGenerationAndWriteTime() throws Exception {
        Instant before = Instant.now().minusSeconds(5);
        put("b.csv", "bb");
        put("a/b.csv", "ab");
        put("a-b.csv", "a-b");

        List<ObjectRef> objects = listAll("", 1000, null);

        assertThat(objects).extracting(ObjectRef::key).containsExactly("a-b.csv", "a/b.csv", "b.csv");
        ObjectRef first = objects.get(0);
        assertThat(first.bucket()).isEqualTo(bucket);
        assertThat(first.size()).isEqualTo(3);
        assertThat(first.etag()).matches("[0-9]+");
        assertThat(first.lastModified()).isAfter(before).isBefore(Instant.now().plusSeconds(5));
    }

    @Test
    void pagesThroughMoreThanAThousandKeysWithPageTokens() throws Exception {
        Map<String, byte[]> objects = new LinkedHashMap<>();
        for (int i = 0; i < 1005; i++) {
            objects.put("many/%04d.csv".formatted(i), "x".getBytes(UTF_8));
        }
        EMULATOR.putAll(bucket, objects);

        Listing first = store.list(new ListRequest(bucket, "many/", null, 1000));
        List<ObjectRef> all = listAll("many/", 1000, null);

        assertThat(first.objects()).hasSize(1000);
        assertThat(first.finished()).isFalse();
        assertThat(all).hasSize(1005);
        assertThat(all.get(1004).key()).isEqualTo("many/1004.csv");
    }

    @Test
    void listsOnlyKeysAfterStartAfterOnEveryPage() throws Exception {
        for (String day : List.of("01", "02", "03", "04")) {
            put("day=" + day + "/a.csv", day);
        }

        List<ObjectRef> after = listAll("day=", 1, "day=02/a.csv");

        assertThat(after).extracting(ObjectRef::key).containsExactly("day=03/a.csv", "day=04/a.csv");
    }

    @Test
    void listsAndReadsKeysWithSpacesAndUnicode() throws Exception {
        List<String> keys = List.of("my folder/café ünïcödé.csv", "my folder/日本語 データ.csv", "my folder/a+b=c&d.csv");
        for (String key : keys) {
            put(key, "content of " + key);
        }

        List<ObjectRef> objects = listAll("my folder/", 1000, null);

        assertThat(objects).extracting(ObjectRef::key).containsExactlyInAnyOrderElementsOf(keys);
        for (ObjectRef object : objects) {
            assertThat(read(store.open(object))).isEqualTo(("content of " + object.key()).getBytes(UTF_8));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            logs/*.csv                  | logs/2024-01.csv,logs/2024-02.csv,logs/a.csv,logs/b.csv
            logs/2024-*.csv             | logs/2024-01.csv,logs/2024-02.csv
            logs/**.csv                 | logs/2024-01.csv,logs/2024-02.csv,logs/a.csv,logs/b.csv,logs/eu/c.csv,logs/eu/deep/d.csv
            logs/*/*.csv                | logs/eu/c.csv
            logs/{a,eu/c}.csv           | logs/a.csv,logs/eu/c.csv
            *.csv                       | top.csv
            """)
    void listsTheLiteralPrefixAndKeepsWhatTheGlobMatches(String pattern, String expected) throws Exception {
        for (String key : List.of("top.csv", "logs/a.csv", "logs/b.csv", "logs/b.json", "logs/2024-01.csv",
                "logs/2024-02.csv", "logs/eu/c.csv", "logs/eu/deep/d.csv", "other/a.csv")) {
            put(key, key);
        }
        BucketUri uri = BucketUri.parse("gs://" + bucket + "/" + pattern, Path.of("/"));
        KeyGlob glob = uri.glob();

        List<String> matched = listAll(uri.literalPrefix(), 2, null).stream()
                .map(ObjectRef::key)
                .filter(glob)
                .toList();

        assertThat(matched).containsExactlyInAnyOrder(expected.split(","));
    }

    @Test
    void readsGzipObjectsAsStoredBytesForTheCoreToDecompress() throws Exception {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write("id,name\n1,a\n".getBytes(UTF_8));
        }
        EMULATOR.put(bucket, "data.csv.gz", gzipped.toByteArray());

        ObjectRef object = listAll("", 10, null).get(0);

        assertThat(read(store.open(object))).isEqualTo(gzipped.toByteArray());
    }

    @Test
    void readsAByteRangeAndFewerBytesWhereTheObjectEnds() throws Exception {
        put("range.bin", "0123456789");
        ObjectRef object = listAll("", 10, null).get(0);

        assertThat(new String(read(store.openRange(object, 2, 3)), UTF_8)).isEqualTo("234");
        assertThat(new String(read(store.openRange(object, 7, 100)), UTF_8)).isEqualTo("789");
        assertThat(new String(read(store.openRange(object, 0, 10)), UTF_8)).isEqualTo("0123456789");
        assertThat(read(store.openRange(object, 10, 5))).isEmpty();
        assertThat(read(store.openRange(object, 4, 0))).isEmpty();
    }

    @Test
    void readsAnEmptyObject() throws Exception {
        put("empty.csv", "");
        ObjectRef object = listAll("", 10, null).get(0);

        assertThat(object.size()).isZero();
        assertThat(read(store.open(object))).isEmpty();
    }

    @Test
    void anObjectDeletedBetweenListAndGetIsNotFoundNamingConnectionAndKey() throws Exception {
        put("gone.csv", "soon gone");
        ObjectRef object = listAll("", 10, null).get(0);
        EMULATOR.delete(bucket, "gone.csv");

        assertThatExceptionOfType(FileNotFoundException.class)
                .isThrownBy(() -> store.open(object))
                .withMessage("connection 'landing_gcs': gs://" + bucket + "/gone.csv does not exist (any more)");
        assertThatExceptionOfType(FileNotFoundException.class)
                .isThrownBy(() -> store.openRange(object, 0, 4))
                .withMessageContaining("gs://" + bucket + "/gone.csv");
    }

    @Test
    void aServiceAccountKeyIsExchangedForATokenAndLists() throws Exception {
        put("signed.csv", "read with a token");
        try (FakeTokenEndpoint tokens = FakeTokenEndpoint.issuing();
                ObjectStore signed = openWithKey(tokens.serviceAccountKey("key-1"))) {
            List<ObjectRef> objects = signed.list(new ListRequest(bucket, "", null, 10)).objects();

            assertThat(objects).extracting(ObjectRef::key).containsExactly("signed.csv");
            assertThat(read(signed.open(objects.get(0)))).isEqualTo("read with a token".getBytes(UTF_8));
        }
    }

    @Test
    void aRefusedKeyFailsWithAClearMessageThatHoldsNoSecret() throws Exception {
        try (FakeTokenEndpoint tokens = FakeTokenEndpoint.refusing()) {
            String key = tokens.serviceAccountKey("key-2");
            String privateKey = key.substring(key.indexOf("-----BEGIN"), key.indexOf("-----END"));
            try (ObjectStore refused = openWithKey(key)) {
                assertThatExceptionOfType(IOException.class)
                        .isThrownBy(() -> refused.list(new ListRequest(bucket, "landing/", null, 10)))
                        .satisfies(error -> {
                            assertThat(error.getMessage()).isEqualTo("connection 'landing_gcs': Google refused the "
                                    + "credentials for gs://" + bucket + "/landing/ (check "
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
        try (ObjectStore unreachable = GcsConnections.open(CONNECTION, Map.of(
                // Port 9 (discard) is closed on loopback: the connection is refused at once.
                GcsConnectorFactory.ENDPOINT, "http://127.0.0.1:9",
                GcsConnectorFactory.MAX_ATTEMPTS, "2",
                GcsConnectorFactory.CONNECT_TIMEOUT, "2s"))) {
            assertThatExceptionOfType(IOException.class)
                    .isThrownBy(() -> unreachable.list(new ListRequest(bucket, "", null, 10)))
                    .withMessageStartingWith("connection 'landing_gcs': cannot reach GCS for gs://" + bucket + "/");
        }
    }

    private ObjectStore openWithKey(String key) {
        return GcsConnections.open(CONNECTION, Map.of(
                GcsConnectorFactory.SERVICE_ACCOUNT_JSON, key,
                GcsConnectorFactory.ENDPOINT, EMULATOR.endpoint().toString()));
    }

    private void put(String key, String content) throws Exception {
        EMULATOR.put(bucket, key, content.getBytes(UTF_8));
    }

    private List<ObjectRef> listAll(String prefix, int maxKeys, String startAfter) throws IOException {
        List<ObjectRef> all = new ArrayList<>();
        ListRequest request = new ListRequest(bucket, prefix, null, maxKeys, startAfter);
        while (true) {
            Listing page = store.list(request);
            all.addAll(page.objects());
            if (page.finished()) {
                return all;
            }
            request = request.next(page.continuation());
        }
    }

    private static byte[] read(InputStream stream) throws IOException {
        try (stream) {
            return stream.readAllBytes();
        }
    }

    private static String allMessages(Throwable error) {
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            messages.append(cause).append('\n');
        }
        return messages.toString();
    }
}
