package dev.pipit.plugin.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.pipit.plugin.s3.testutil.S3Connections;
import dev.pipit.plugin.s3.testutil.S3Server;
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
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The S3 store against a real S3 server (S3Proxy in this JVM), through the same settings a datafile gives. */
class S3ObjectStoreIT {
    private static final String CONNECTION = "landing_s3";

    private static S3Server server;

    private String bucket;
    private ObjectStore store;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3Server.withKeys();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void createBucket() {
        bucket = "bkt-" + UUID.randomUUID().toString().substring(0, 8);
        server.createBucket(bucket);
        store = open(S3Server.ACCESS_KEY, S3Server.SECRET);
    }

    @AfterEach
    void closeStore() throws IOException {
        store.close();
    }

    @Test
    void listsKeysInKeyOrderWithSizeBareEtagAndLastModified() throws Exception {
        Instant before = Instant.now().minusSeconds(5);
        put("b.csv", "bb");
        put("a/b.csv", "ab");
        put("a-b.csv", "a-b");

        List<ObjectRef> objects = listAll("", 1000);

        assertThat(objects).extracting(ObjectRef::key).containsExactly("a-b.csv", "a/b.csv", "b.csv");
        ObjectRef first = objects.get(0);
        assertThat(first.bucket()).isEqualTo(bucket);
        assertThat(first.size()).isEqualTo(3);
        assertThat(first.etag()).isEqualTo(md5("a-b"));
        assertThat(first.lastModified()).isAfter(before).isBefore(Instant.now().plusSeconds(5));
    }

    @Test
    void pagesThroughMoreThanAThousandKeysWithContinuationTokens() throws Exception {
        for (int i = 0; i < 1005; i++) {
            put("many/%04d.csv".formatted(i), "x");
        }

        Listing first = store.list(new ListRequest(bucket, "many/", null, 1000));
        List<ObjectRef> all = listAll("many/", 1000);

        assertThat(first.objects()).hasSize(1000);
        assertThat(first.finished()).isFalse();
        assertThat(all).hasSize(1005);
        assertThat(all.get(1004).key()).isEqualTo("many/1004.csv");
    }

    @Test
    void startsAfterAKeyOnTheFirstPageAndKeepsToItOnTheNext() throws Exception {
        for (String day : List.of("01", "02", "03", "04")) {
            put("day=" + day + "/a.csv", day);
        }
        ListRequest request = new ListRequest(bucket, "day=", null, 1, "day=02/a.csv");

        Listing first = store.list(request);
        Listing second = store.list(request.next(first.continuation()));

        assertThat(first.objects()).extracting(ObjectRef::key).containsExactly("day=03/a.csv");
        assertThat(second.objects()).extracting(ObjectRef::key).containsExactly("day=04/a.csv");
        assertThat(second.finished()).isTrue();
    }

    @Test
    void listsAndReadsKeysWithSpacesAndUnicode() throws Exception {
        List<String> keys = List.of("my folder/café ünïcödé.csv", "my folder/日本語 データ.csv", "my folder/a+b=c&d.csv");
        for (String key : keys) {
            put(key, "content of " + key);
        }

        List<ObjectRef> objects = listAll("my folder/", 1000);

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
            logs/?.csv                  | logs/a.csv,logs/b.csv
            *.csv                       | top.csv
            """)
    void listsTheLiteralPrefixAndKeepsWhatTheGlobMatches(String pattern, String expected) throws Exception {
        for (String key : List.of("top.csv", "logs/a.csv", "logs/b.csv", "logs/b.json", "logs/2024-01.csv",
                "logs/2024-02.csv", "logs/eu/c.csv", "logs/eu/deep/d.csv", "other/a.csv")) {
            put(key, key);
        }
        BucketUri uri = BucketUri.parse("s3://" + bucket + "/" + pattern, Path.of("/"));
        KeyGlob glob = uri.glob();

        List<String> matched = listAll(uri.literalPrefix(), 2).stream()
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
        server.put(bucket, "data.csv.gz", gzipped.toByteArray());

        ObjectRef object = listAll("", 10).get(0);

        assertThat(read(store.open(object))).isEqualTo(gzipped.toByteArray());
    }

    @Test
    void readsAByteRangeAndFewerBytesWhereTheObjectEnds() throws Exception {
        put("range.bin", "0123456789");
        ObjectRef object = listAll("", 10).get(0);

        assertThat(new String(read(store.openRange(object, 2, 3)), UTF_8)).isEqualTo("234");
        assertThat(new String(read(store.openRange(object, 7, 100)), UTF_8)).isEqualTo("789");
        assertThat(read(store.openRange(object, 10, 5))).isEmpty();
        assertThat(read(store.openRange(object, 4, 0))).isEmpty();
    }

    @Test
    void anObjectDeletedBetweenListAndGetIsNotFoundNamingConnectionAndKey() throws Exception {
        put("gone.csv", "soon gone");
        ObjectRef object = listAll("", 10).get(0);
        server.delete(bucket, "gone.csv");

        assertThatExceptionOfType(FileNotFoundException.class)
                .isThrownBy(() -> store.open(object))
                .withMessageContaining("connection 'landing_s3'")
                .withMessageContaining("s3://" + bucket + "/gone.csv");
        assertThatExceptionOfType(FileNotFoundException.class)
                .isThrownBy(() -> store.openRange(object, 0, 4))
                .withMessageContaining("s3://" + bucket + "/gone.csv");
    }

    @Test
    void aMissingBucketIsNotFound() {
        assertThatExceptionOfType(FileNotFoundException.class)
                .isThrownBy(() -> store.list(new ListRequest("no-such-bucket", "", null, 10)))
                .withMessageContaining("connection 'landing_s3'")
                .withMessageContaining("s3://no-such-bucket/");
    }

    @Test
    void wrongCredentialsFailWithAClearMessageThatHoldsNoSecret() throws Exception {
        String wrongKey = "AKIAWRONGWRONGWRONG1";
        String wrongSecret = "wrong-secret-value-never-to-be-shown";
        try (ObjectStore wrong = open(wrongKey, wrongSecret)) {
            assertThatExceptionOfType(IOException.class)
                    .isThrownBy(() -> wrong.list(new ListRequest(bucket, "landing/", null, 10)))
                    .satisfies(error -> {
                        assertThat(error.getMessage())
                                .startsWith("connection 'landing_s3': access denied to s3://" + bucket + "/landing/ "
                                        + "(check S3_ACCESS_KEY / S3_SECRET or the role's policy)")
                                .doesNotContain(wrongKey, wrongSecret);
                        assertThat(allMessages(error)).doesNotContain(wrongSecret);
                    });
        }
    }

    @Test
    void withoutKeysTheDefaultCredentialsChainSigns() throws Exception {
        put("chain.csv", "signed by the chain");
        System.setProperty("aws.accessKeyId", S3Server.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3Server.SECRET);
        try (ObjectStore chain = S3Connections.open("s3", CONNECTION, Map.of(
                S3ConnectorFactory.REGION, S3Server.REGION,
                S3ConnectorFactory.ENDPOINT, server.endpoint().toString(),
                S3ConnectorFactory.PATH_STYLE, "true"))) {
            List<ObjectRef> objects = chain.list(new ListRequest(bucket, "", null, 10)).objects();

            assertThat(objects).extracting(ObjectRef::key).containsExactly("chain.csv");
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void anUnreachableEndpointFailsWithinTheConnectTimeout() throws IOException {
        Instant start = Instant.now();
        try (ObjectStore unreachable = S3Connections.open("s3", CONNECTION, Map.of(
                S3ConnectorFactory.REGION, S3Server.REGION,
                S3ConnectorFactory.ACCESS_KEY, S3Server.ACCESS_KEY,
                S3ConnectorFactory.SECRET, S3Server.SECRET,
                // Port 9 (discard) is closed on loopback: the connection is refused at once.
                S3ConnectorFactory.ENDPOINT, "http://127.0.0.1:9",
                S3ConnectorFactory.PATH_STYLE, "true",
                S3ConnectorFactory.MAX_ATTEMPTS, "2",
                S3ConnectorFactory.CONNECT_TIMEOUT, "2s"))) {
            assertThatExceptionOfType(IOException.class)
                    .isThrownBy(() -> unreachable.list(new ListRequest(bucket, "", null, 10)))
                    .withMessageStartingWith("connection 'landing_s3': cannot reach S3 for s3://" + bucket + "/");
        }
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(20));
    }

    private ObjectStore open(String accessKey, String secret) {
        return S3Connections.open("s3", CONNECTION, Map.of(
                S3ConnectorFactory.REGION, S3Server.REGION,
                S3ConnectorFactory.ACCESS_KEY, accessKey,
                S3ConnectorFactory.SECRET, secret,
                S3ConnectorFactory.ENDPOINT, server.endpoint().toString(),
                S3ConnectorFactory.PATH_STYLE, "true"));
    }

    private void put(String key, String content) {
        server.put(bucket, key, content.getBytes(UTF_8));
    }

    private List<ObjectRef> listAll(String prefix, int maxKeys) throws IOException {
        List<ObjectRef> all = new ArrayList<>();
        ListRequest request = new ListRequest(bucket, prefix, null, maxKeys);
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

    private static String md5(String content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content.getBytes(UTF_8)));
    }

    private static String allMessages(Throwable error) {
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            messages.append(cause).append('\n');
        }
        return messages.toString();
    }
}
