package dev.pipit.testkit.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.pipit.spi.connector.ListRequest;
import dev.pipit.spi.connector.Listing;
import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.spi.connector.ObjectStore;
import dev.pipit.spi.error.ConfigurationException;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What every bucket store promises the core, checked against a real server: key order, paging past 1,000 keys,
 * {@code startAfter}, the core's globs over the listed prefix, bytes as stored, ranged reads and not-found errors.
 * A store's test extends it, says how to open the store and write objects, and adds what only that store has
 * (credentials, endpoints). Each test gets a bucket of its own.
 */
public abstract class ObjectStoreContract {
    private final String scheme;
    private final String connectionName;
    private String bucket;
    private ObjectStore store;

    /**
     * @param scheme the URI scheme of the store's objects: {@code s3}, {@code gs}
     * @param connectionName the connection name the store is opened with, which its errors must name
     */
    protected ObjectStoreContract(String scheme, String connectionName) {
        this.scheme = scheme;
        this.connectionName = connectionName;
    }

    /** Creates {@code bucket} on the server; servers whose buckets appear with their first object keep this. */
    protected void createBucket(String bucket) throws Exception {
    }

    /**
     * Aborts the calling test (JUnit's {@code Assumptions.abort}, with the reason) on a server that answers a
     * listing of a bucket no one created as if the bucket were empty.
     */
    protected void assumeServerKnowsMissingBuckets() {
    }

    /** Opens the store under test, as a datafile's settings would. */
    protected abstract ObjectStore openStore() throws Exception;

    @BeforeEach
    void openStoreOnABucketOfItsOwn() throws Exception {
        bucket = "bkt-" + UUID.randomUUID().toString().substring(0, 8);
        createBucket(bucket);
        store = openStore();
    }

    @AfterEach
    void closeStore() throws IOException {
        store.close();
    }

    /** The store under test, open for this test. */
    protected ObjectStore store() {
        return store;
    }

    /** This test's bucket, which no other test uses. */
    protected String bucket() {
        return bucket;
    }

    /** Writes an object into {@link #bucket()} through the server, not through the store. */
    protected abstract void put(String key, byte[] content) throws Exception;

    protected abstract void delete(String key) throws Exception;

    /** Checks the store's version tag of an object just written with {@code content}. */
    protected abstract void assertVersionTag(ObjectRef object, byte[] content) throws Exception;

    /** Writes many objects; a store whose server takes uploads in parallel overrides it. */
    protected void putAll(Map<String, byte[]> objects) throws Exception {
        for (Map.Entry<String, byte[]> object : objects.entrySet()) {
            put(object.getKey(), object.getValue());
        }
    }

    @Test
    void listsKeysInKeyOrderWithSizeVersionAndLastModified() throws Exception {
        Instant before = Instant.now().minusSeconds(5);
        put("b.csv", "bb");
        put("a/b.csv", "ab");
        put("a-b.csv", "a-b");

        List<ObjectRef> objects = listAll("", 1000, null);

        assertThat(objects).extracting(ObjectRef::key).containsExactly("a-b.csv", "a/b.csv", "b.csv");
        ObjectRef first = objects.get(0);
        assertThat(first.bucket()).isEqualTo(bucket());
        assertThat(first.size()).isEqualTo(3);
        assertVersionTag(first, "a-b".getBytes(UTF_8));
        assertThat(first.lastModified()).isAfter(before).isBefore(Instant.now().plusSeconds(5));
    }

    @Test
    void pagesThroughMoreThanAThousandKeys() throws Exception {
        Map<String, byte[]> objects = new LinkedHashMap<>();
        for (int i = 0; i < 1005; i++) {
            objects.put("many/%04d.csv".formatted(i), "x".getBytes(UTF_8));
        }
        putAll(objects);

        Listing first = store().list(ListRequest.firstPage(bucket(), "many/", 1000));
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
            assertThat(read(store().open(object))).isEqualTo(("content of " + object.key()).getBytes(UTF_8));
        }
    }

    /**
     * A glob's part of a listing is its literal prefix: the core lists that and filters by the glob itself (tested
     * with the core's glob), so a store must list exactly the keys that start with the prefix, folders included.
     */
    @ParameterizedTest(name = "prefix \"{0}\"")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            logs/      | logs/2024-01.csv,logs/2024-02.csv,logs/a.csv,logs/b.csv,logs/b.json,logs/eu/c.csv,logs/eu/deep/d.csv
            logs/2024- | logs/2024-01.csv,logs/2024-02.csv
            logs/eu/   | logs/eu/c.csv,logs/eu/deep/d.csv
            logs/b     | logs/b.csv,logs/b.json
            ''         | logs/2024-01.csv,logs/2024-02.csv,logs/a.csv,logs/b.csv,logs/b.json,logs/eu/c.csv,logs/eu/deep/d.csv,other/a.csv,top.csv
            nothing/   | none
            """)
    void listsExactlyTheKeysUnderAPrefixAcrossFolders(String prefix, String expected) throws Exception {
        for (String key : List.of("top.csv", "logs/a.csv", "logs/b.csv", "logs/b.json", "logs/2024-01.csv",
                "logs/2024-02.csv", "logs/eu/c.csv", "logs/eu/deep/d.csv", "other/a.csv")) {
            put(key, key);
        }

        List<String> listed = listAll(prefix, 2, null).stream().map(ObjectRef::key).toList();

        assertThat(listed).containsExactly(expected == null ? new String[0] : expected.split(","));
    }

    @Test
    void readsGzipObjectsAsStoredBytesForTheCoreToDecompress() throws Exception {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write("id,name\n1,a\n".getBytes(UTF_8));
        }
        put("data.csv.gz", gzipped.toByteArray());

        ObjectRef object = listAll("", 10, null).get(0);

        assertThat(read(store().open(object))).isEqualTo(gzipped.toByteArray());
    }

    @Test
    void readsAByteRangeAndFewerBytesWhereTheObjectEnds() throws Exception {
        put("range.bin", "0123456789");
        ObjectRef object = listAll("", 10, null).get(0);

        assertThat(new String(read(store().openRange(object, 2, 3)), UTF_8)).isEqualTo("234");
        assertThat(new String(read(store().openRange(object, 7, 100)), UTF_8)).isEqualTo("789");
        assertThat(new String(read(store().openRange(object, 0, 10)), UTF_8)).isEqualTo("0123456789");
        assertThat(read(store().openRange(object, 10, 5))).isEmpty();
        assertThat(read(store().openRange(object, 4, 0))).isEmpty();
    }

    /**
     * A bucket no one created: the URI or the connection is wrong, and every run would fail alike until one of them
     * changes, so the run stops with its files pending and says what to check.
     */
    @Test
    void listingABucketThatDoesNotExistIsAConfigurationErrorNamingTheBucket() {
        assumeServerKnowsMissingBuckets();
        String missing = "no-such-" + UUID.randomUUID().toString().substring(0, 8);

        assertThatExceptionOfType(ConfigurationException.class)
                .isThrownBy(() -> store().list(ListRequest.firstPage(missing, "in/", 10)))
                .withMessageStartingWith("connection '" + connectionName + "': ")
                .withMessageContaining("'" + missing + "' does not exist")
                .withMessageContaining(scheme + "://" + missing + "/in/")
                .withMessageContaining("check ");
    }

    /** IMPORT_AFTER_IMPORT delete, checked against the store's own listing; a crash may make the core repeat it. */
    @Test
    void deletesAnObjectAndDeletingItAgainIsNoError() throws Exception {
        put("in/a.csv", "a");
        put("in/b.csv", "b");
        ObjectRef a = listAll("in/", 10, null).get(0);

        store().delete(a);
        store().delete(a);

        assertThat(listAll("", 10, null)).extracting(ObjectRef::key).containsExactly("in/b.csv");
    }

    /** IMPORT_AFTER_IMPORT move: a copy on the server into another folder, then the delete of the source. */
    @Test
    void copiesAnObjectToAnotherKeyOfItsBucketAndACopyOfAMissingObjectIsNotFound() throws Exception {
        put("in/2024/a.csv", "id\n1\n");
        put("done/2024/a.csv", "an older copy, replaced");
        ObjectRef source = listAll("in/", 10, null).get(0);

        store().copy(source, "done/2024/a.csv");
        List<ObjectRef> both = listAll("", 10, null);
        store().delete(source);

        assertThat(both).extracting(ObjectRef::key).containsExactly("done/2024/a.csv", "in/2024/a.csv");
        ObjectRef copy = both.get(0);
        assertThat(copy.size()).isEqualTo(source.size());
        assertThat(new String(read(store().open(copy)), UTF_8)).isEqualTo("id\n1\n");
        assertThat(listAll("", 10, null)).extracting(ObjectRef::key).containsExactly("done/2024/a.csv");
        assertThatExceptionOfType(FileNotFoundException.class)
                .isThrownBy(() -> store().copy(source, "done/again.csv"))
                .withMessageContaining("in/2024/a.csv");
    }

    @Test
    void readsAnEmptyObject() throws Exception {
        put("empty.csv", "");
        ObjectRef object = listAll("", 10, null).get(0);

        assertThat(object.size()).isZero();
        assertThat(read(store().open(object))).isEmpty();
    }

    @Test
    void anObjectDeletedBetweenListAndGetIsNotFoundNamingConnectionAndKey() throws Exception {
        put("gone.csv", "soon gone");
        ObjectRef object = listAll("", 10, null).get(0);
        delete("gone.csv");
        String uri = scheme + "://" + bucket() + "/gone.csv";

        assertThatExceptionOfType(FileNotFoundException.class)
                .isThrownBy(() -> store().open(object))
                .withMessage("connection '" + connectionName + "': " + uri + " does not exist (any more)");
        assertThatExceptionOfType(FileNotFoundException.class)
                .isThrownBy(() -> store().openRange(object, 0, 4))
                .withMessageContaining(uri);
    }

    protected void put(String key, String content) throws Exception {
        put(key, content.getBytes(UTF_8));
    }

    protected List<ObjectRef> listAll(String prefix, int maxKeys, String startAfter) throws IOException {
        List<ObjectRef> all = new ArrayList<>();
        ListRequest request = new ListRequest(bucket(), prefix, null, maxKeys, startAfter);
        while (true) {
            Listing page = store().list(request);
            all.addAll(page.objects());
            if (page.finished()) {
                return all;
            }
            request = request.next(page.continuation());
        }
    }

    protected static byte[] read(InputStream stream) throws IOException {
        try (stream) {
            return stream.readAllBytes();
        }
    }

    /** Every message of an exception and its causes, to check that none holds a secret. */
    protected static String allMessages(Throwable error) {
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            messages.append(cause).append('\n');
        }
        return messages.toString();
    }
}
