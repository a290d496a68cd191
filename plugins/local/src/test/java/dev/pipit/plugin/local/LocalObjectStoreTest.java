package dev.pipit.plugin.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.pipit.spi.connector.ListRequest;
import dev.pipit.spi.connector.Listing;
import dev.pipit.spi.connector.ObjectRef;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStoreTest {
    @TempDir
    Path bucket;

    private final LocalObjectStore store = new LocalObjectStore("inbox");

    @Test
    void anUploadAppearsUnderItsNameOnlyWhenCommittedAndAnAbandonedOneLeavesNothing() throws IOException {
        String key = bucket.toString().substring(1) + "/out/day=1/a.csv";
        try (dev.pipit.spi.connector.ObjectUpload upload = store.create("/", key)) {
            upload.write("id\n1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(Files.exists(bucket.resolve("out/day=1/a.csv"))).isFalse();
            upload.commit();
        }
        try (dev.pipit.spi.connector.ObjectUpload upload = store.create("/", key.replace("a.csv", "b.csv"))) {
            upload.write("half".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        try (java.util.stream.Stream<Path> files = Files.list(bucket.resolve("out/day=1"))) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactly("a.csv");
        }
        assertThat(Files.readString(bucket.resolve("out/day=1/a.csv"))).isEqualTo("id\n1\n");
    }

    /** IMPORT_AFTER_IMPORT move: a copy into a folder that does not exist yet, then the delete, repeatable. */
    @Test
    void copiesIntoANewFolderAndDeletesAndRepeatingEitherIsSafe() throws IOException {
        write("in/a.csv", "in/b.csv");
        ObjectRef a = listAll("", 100).get(0);
        String target = "done/2024/a.csv";

        store.copy(a, target);
        store.delete(a);
        store.delete(a);

        assertThat(keys(listAll("", 100))).containsExactly("done/2024/a.csv", "in/b.csv");
        assertThat(Files.readString(bucket.resolve("done/2024/a.csv"))).isEqualTo("in/a.csv");
        assertThatExceptionOfType(FileNotFoundException.class).isThrownBy(() -> store.copy(a, target))
                .withMessageContaining("in/a.csv no longer exists");
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> store.copy(listAll("", 100).get(0), "../x.csv"));
    }

    @Test
    void listsEveryFileOfNestedFoldersInS3KeyOrder() throws IOException {
        write("b.csv", "a/b.csv", "a-b.csv", "a/a.csv", "A.csv", "a/deeper/still/z.csv");

        // '-' sorts before '/', so a file beside a folder can come before the folder's files, as on S3.
        assertThat(keys(listAll("", 100)))
                .containsExactly("A.csv", "a-b.csv", "a/a.csv", "a/b.csv", "a/deeper/still/z.csv", "b.csv");
    }

    @Test
    void ordersByCodePointLikeS3NotByUtf16Units() throws IOException {
        write("\uFFFD.csv", "\uD83D\uDE00.csv", "z.csv");

        assertThat(keys(listAll("", 100))).containsExactly("z.csv", "\uFFFD.csv", "\uD83D\uDE00.csv");
    }

    @Test
    void keepsSpacesAndUnicodeInKeys() throws IOException {
        write("my folder/café ünïcödé.csv", "my folder/日本語 データ.csv");

        assertThat(keys(listAll("my folder/", 100)))
                .containsExactly("my folder/café ünïcödé.csv", "my folder/日本語 データ.csv");
    }

    @Test
    void pagesByMaxKeysWithTheLastKeyAsContinuation() throws IOException {
        write("1.csv", "2.csv", "3.csv", "4.csv", "5.csv");

        Listing first = store.list(request("", 2));
        Listing second = store.list(request("", 2).next(first.continuation()));
        Listing third = store.list(request("", 2).next(second.continuation()));

        assertThat(keys(first.objects())).containsExactly("1.csv", "2.csv");
        assertThat(first.continuation()).isEqualTo("2.csv");
        assertThat(keys(second.objects())).containsExactly("3.csv", "4.csv");
        assertThat(keys(third.objects())).containsExactly("5.csv");
        assertThat(third.finished()).isTrue();
    }

    @Test
    void aFullLastPageIsFinished() throws IOException {
        write("1.csv", "2.csv", "3.csv", "4.csv");

        Listing second = store.list(request("", 2).next("2.csv"));

        assertThat(keys(second.objects())).containsExactly("3.csv", "4.csv");
        assertThat(second.finished()).isTrue();
    }

    @Test
    void listsOnlyKeysStartingWithThePrefix() throws IOException {
        write("in/2024-05-01.csv", "in/2024-05-02.csv", "in/2023-12-31.csv", "in/2024-archive/x.csv", "out/2024-1.csv");

        assertThat(keys(listAll("in/2024-", 1)))
                .containsExactly("in/2024-05-01.csv", "in/2024-05-02.csv", "in/2024-archive/x.csv");
        assertThat(keys(listAll("in/2024-0", 100))).containsExactly("in/2024-05-01.csv", "in/2024-05-02.csv");
        assertThat(listAll("nothing/", 100)).isEmpty();
    }

    @Test
    void aFolderAnImportUriNamesThatDoesNotExistIsAnErrorNamingIt() {
        // Under the root bucket the prefix's folder is the one file:///.../*.csv names: a missing one is a mistake.
        String missing = bucket.resolve("nothing").toString();
        ListRequest request = ListRequest.firstPage("/", missing.substring(1) + "/", 10);

        assertThatExceptionOfType(FileNotFoundException.class).isThrownBy(() -> store.list(request))
                .withMessageContaining("folder " + missing + " does not exist");
    }

    @Test
    void skipsHiddenFilesAndFilesStillBeingWritten() throws IOException {
        write("ok.csv", ".hidden.csv", ".git/config.csv", "upload.csv.part", "copy.csv.tmp", "download.CRDOWNLOAD");

        assertThat(keys(listAll("", 100))).containsExactly("ok.csv");
    }

    @Test
    void doesNotFollowSymbolicLinks(@TempDir Path elsewhere) throws IOException {
        write("real.csv");
        Files.writeString(elsewhere.resolve("secret.csv"), "x");
        Files.createSymbolicLink(bucket.resolve("link.csv"), elsewhere.resolve("secret.csv"));
        Files.createSymbolicLink(bucket.resolve("linked-folder"), elsewhere);

        assertThat(keys(listAll("", 100))).containsExactly("real.csv");
    }

    @Test
    void describesEachObject() throws IOException {
        Path file = bucket.resolve("data.csv");
        Files.writeString(file, "id\n1\n");
        Instant modified = Instant.parse("2024-05-01T10:15:30.123Z");
        Files.setLastModifiedTime(file, FileTime.from(modified));

        ObjectRef object = listAll("", 100).get(0);

        assertThat(object.bucket()).isEqualTo(bucket.toString());
        assertThat(object.size()).isEqualTo(5);
        assertThat(object.lastModified()).isEqualTo(modified);
        assertThat(object.etag()).isEqualTo(modified.toEpochMilli() + "-5");
    }

    @Test
    void opensAListedFile() throws IOException {
        Files.createDirectories(bucket.resolve("sub dir"));
        Files.writeString(bucket.resolve("sub dir/ünï.csv"), "id\n42\n");

        try (InputStream in = store.open(listAll("", 100).get(0))) {
            assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("id\n42\n");
        }
    }

    @Test
    void opensARangeAndStopsAtItsEndOrTheFile() throws IOException {
        Files.writeString(bucket.resolve("digits.csv"), "0123456789");
        ObjectRef object = listAll("", 100).get(0);

        try (InputStream middle = store.openRange(object, 3, 4);
                InputStream tail = store.openRange(object, 8, 100);
                InputStream past = store.openRange(object, 20, 5)) {
            assertThat(new String(middle.readAllBytes(), UTF_8)).isEqualTo("3456");
            assertThat(new String(tail.readAllBytes(), UTF_8)).isEqualTo("89");
            assertThat(past.readAllBytes()).isEmpty();
        }
        ObjectRef escape = new ObjectRef(bucket.toString(), "../outside.csv", 1, Instant.EPOCH, null);
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> store.openRange(escape, 0, 1));
    }

    @Test
    void aFileDeletedBetweenListAndOpenIsNotFound() throws IOException {
        write("gone.csv");
        ObjectRef object = listAll("", 100).get(0);
        Files.delete(bucket.resolve("gone.csv"));

        assertThatExceptionOfType(FileNotFoundException.class)
                .isThrownBy(() -> store.open(object))
                .withMessageContaining("gone.csv")
                .withMessageContaining("inbox");
    }

    @Test
    void startsAfterTheGivenKeyOnEveryPage() throws IOException {
        write("day=01/a.csv", "day=02/a.csv", "day=02/b.csv", "day=03/a.csv", "day=04/a.csv");
        ListRequest request = new ListRequest(bucket.toString(), "day=", null, 2, "day=02/a.csv");

        Listing first = store.list(request);
        Listing second = store.list(request.next(first.continuation()));

        assertThat(keys(first.objects())).containsExactly("day=02/b.csv", "day=03/a.csv");
        assertThat(keys(second.objects())).containsExactly("day=04/a.csv");
        assertThat(second.finished()).isTrue();
    }

    @Test
    void refusesAKeyThatLeadsOutOfTheBucket() {
        ObjectRef escape = new ObjectRef(bucket.toString(), "../outside.csv", 1, Instant.EPOCH, null);

        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> store.open(escape));
    }

    @Test
    void aMissingFolderIsNotFound() {
        ListRequest request = ListRequest.firstPage(bucket.resolve("missing").toString(), "", 10);

        assertThatExceptionOfType(FileNotFoundException.class)
                .isThrownBy(() -> store.list(request))
                .withMessageContaining("missing");
    }

    @Test
    void anEmptyFolderHasOneEmptyFinishedPage() throws IOException {
        Listing listing = store.list(request("", 10));

        assertThat(listing.objects()).isEmpty();
        assertThat(listing.finished()).isTrue();
    }

    @Test
    void listsFromTheFileSystemRootUnderTheFolderOfThePrefix() throws IOException {
        write("in/a.csv", ".hidden/b.csv");
        String folderKey = bucket.toString().substring(1) + "/";

        Listing listing = store.list(ListRequest.firstPage("/", folderKey + "in/", 10));

        assertThat(keys(listing.objects())).containsExactly(folderKey + "in/a.csv");
        try (var input = store.open(listing.objects().get(0))) {
            assertThat(new String(input.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("in/a.csv");
        }
    }

    private void write(String... keys) throws IOException {
        for (String key : keys) {
            Path file = bucket.resolve(key);
            Files.createDirectories(file.getParent());
            Files.writeString(file, key);
        }
    }

    private ListRequest request(String prefix, int maxKeys) {
        return ListRequest.firstPage(bucket.toString(), prefix, maxKeys);
    }

    private List<ObjectRef> listAll(String prefix, int maxKeys) throws IOException {
        List<ObjectRef> all = new ArrayList<>();
        ListRequest request = request(prefix, maxKeys);
        while (true) {
            Listing page = store.list(request);
            all.addAll(page.objects());
            if (page.finished()) {
                return all;
            }
            request = request.next(page.continuation());
        }
    }

    private static List<String> keys(List<ObjectRef> objects) {
        return objects.stream().map(ObjectRef::key).toList();
    }
}
