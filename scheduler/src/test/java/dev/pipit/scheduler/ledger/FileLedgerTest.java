package dev.pipit.scheduler.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.tuple;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.testutil.TestDatabases;
import dev.pipit.spi.connector.BucketAddress;
import dev.pipit.testkit.db.Backend;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Backend.class)
class FileLedgerTest {
    @Parameter
    Backend backend;

    private static final Instant T1 = Instant.parse("2024-05-01T10:00:00Z");
    private static final Instant T2 = Instant.parse("2024-05-02T10:00:00Z");

    private Database database;
    private Jdbi jdbi;
    private FileLedger ledger;

    @BeforeEach
    void open() {
        database = TestDatabases.open(backend);
        jdbi = database.jdbi();
        ledger = new FileLedger(jdbi);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void recordsOnlyKeysItDoesNotKnow() {
        assertThat(discover("events", file("s3://bkt/a.csv", T1), file("s3://bkt/b.csv", T1))).isEqualTo(2);

        int added = discover("events", file("s3://bkt/a.csv", T2), file("s3://bkt/b.csv", T1), file("s3://bkt/c.csv", T2));

        assertThat(added).isEqualTo(1);
        assertThat(ledger.list("events", null, 0)).extracting(LedgerFile::uri, LedgerFile::lastModified)
                .containsExactly(
                        tuple("s3://bkt/a.csv", T1),
                        tuple("s3://bkt/b.csv", T1),
                        tuple("s3://bkt/c.csv", T2));
    }

    @Test
    void keysAreKnownPerDataSource() {
        discover("events", file("s3://bkt/a.csv", T1));

        assertThat(discover("orders", file("s3://bkt/a.csv", T1))).isEqualTo(1);
    }

    @Test
    void storesWhatTheStoreSaid() {
        discover("events", discovered("file:///data/x.csv", 1234, "\"abc\"", T1));

        LedgerFile file = ledger.list("events", null, 0).get(0);
        assertThat(file.size()).isEqualTo(1234);
        assertThat(file.etag()).isEqualTo("\"abc\"");
        assertThat(file.status()).isEqualTo(FileStatus.PENDING);
        assertThat(file.runId()).isNull();
        assertThat(file.rows()).isNull();
        assertThat(file.discoveredAt()).isNotNull();
    }

    @Test
    void pendingFilesComeOldestFirstThenByKey() {
        discover("events", file("s3://bkt/a.csv", T2), file("s3://bkt/c.csv", T1), file("s3://bkt/b.csv", T1),
                file("s3://bkt/undated.csv", null));

        List<String> all = jdbi.withHandle(h -> ledger.pending(h, "events", 0)).stream().map(LedgerFile::uri).toList();
        List<String> two = jdbi.withHandle(h -> ledger.pending(h, "events", 2)).stream().map(LedgerFile::uri).toList();

        assertThat(all).containsExactly("s3://bkt/b.csv", "s3://bkt/c.csv", "s3://bkt/a.csv", "s3://bkt/undated.csv");
        assertThat(two).containsExactly("s3://bkt/b.csv", "s3://bkt/c.csv");
    }

    @Test
    void importsAClaimedFile() {
        discover("events", file("s3://bkt/a.csv", T1));
        long id = ledger.list("events", null, 0).get(0).id();

        jdbi.useTransaction(h -> {
            assertThat(ledger.claim(h, id, 7)).isTrue();
            ledger.markImported(h, id, 100, 2, 4096);
        });

        LedgerFile file = ledger.list("events", null, 0).get(0);
        assertThat(file.status()).isEqualTo(FileStatus.IMPORTED);
        assertThat(file.runId()).isEqualTo(7);
        assertThat(file.rows()).isEqualTo(100);
        assertThat(file.quarantined()).isEqualTo(2);
        assertThat(file.bytes()).isEqualTo(4096);
        List<LedgerFile> pending = jdbi.withHandle(h -> ledger.pending(h, "events", 0));
        assertThat(pending).isEmpty();
    }

    @Test
    void aSecondClaimSkipsAFileAnotherTransactionIsImportingWithoutWaiting() throws Exception {
        discover("events", file("s3://bkt/a.csv", T1));
        long id = ledger.list("events", null, 0).get(0).id();
        CountDownLatch firstClaimed = new CountDownLatch(1);
        CountDownLatch secondDone = new CountDownLatch(1);
        ExecutorService runs = Executors.newFixedThreadPool(2);
        try {
            Future<Boolean> first = runs.submit(() -> jdbi.inTransaction(h -> {
                boolean claimed = ledger.claim(h, id, 1);
                firstClaimed.countDown();
                // A long import: the second run must not wait for it (H2 would time out the lock after a second).
                assertThat(secondDone.await(10, TimeUnit.SECONDS)).isTrue();
                ledger.markImported(h, id, 10, 0, 100);
                return claimed;
            }));
            assertThat(firstClaimed.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Boolean> second = runs.submit(() -> {
                try {
                    boolean claimed = jdbi.inTransaction(h -> ledger.claim(h, id, 2));
                    ledger.markFailed(id, 2, "a loser's failure must not touch a file another run holds");
                    return claimed;
                } finally {
                    secondDone.countDown();
                }
            });

            assertThat(second.get(10, TimeUnit.SECONDS)).isFalse();
            assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            runs.shutdownNow();
        }
        LedgerFile file = ledger.list("events", null, 0).get(0);
        assertThat(file.status()).isEqualTo(FileStatus.IMPORTED);
        assertThat(file.runId()).isEqualTo(1);
        assertThat(file.error()).isNull();
    }

    @Test
    void aFailureIsNotRecordedOverAnImportedFile() {
        discover("events", file("s3://bkt/a.csv", T1));
        long id = ledger.list("events", null, 0).get(0).id();
        jdbi.useTransaction(h -> {
            ledger.claim(h, id, 1);
            ledger.markImported(h, id, 10, 0, 100);
        });

        ledger.markFailed(id, 2, "late");

        assertThat(ledger.list("events", null, 0).get(0).status()).isEqualTo(FileStatus.IMPORTED);
    }

    @Test
    void aRolledBackImportLeavesTheFilePending() {
        discover("events", file("s3://bkt/a.csv", T1));
        long id = ledger.list("events", null, 0).get(0).id();

        try {
            jdbi.useTransaction(h -> {
                ledger.claim(h, id, 1);
                throw new IllegalStateException("the format reader failed");
            });
        } catch (IllegalStateException expected) {
            // the import failed; the transaction was rolled back
        }

        LedgerFile file = ledger.list("events", null, 0).get(0);
        assertThat(file.status()).isEqualTo(FileStatus.PENDING);
        assertThat(file.runId()).isNull();
    }

    @Test
    void onlyAClaimedFileCanBeMarkedImported() {
        discover("events", file("s3://bkt/a.csv", T1));
        long id = ledger.list("events", null, 0).get(0).id();

        assertThatIllegalStateException()
                .isThrownBy(() -> jdbi.useTransaction(h -> ledger.markImported(h, id, 1, 0, 1)))
                .withMessage("file " + id + " is not being imported: claim it first");
    }

    @Test
    void recordsAFailureWithItsErrorCutToTheColumn() {
        discover("events", file("s3://bkt/a.csv", T1));
        long id = ledger.list("events", null, 0).get(0).id();

        ledger.markFailed(id, 3, "x".repeat(5000));

        LedgerFile file = ledger.list("events", FileStatus.FAILED, 0).get(0);
        assertThat(file.runId()).isEqualTo(3);
        assertThat(file.error()).hasSize(4000).endsWith("x…");
    }

    @Test
    void listsAndCountsByStatus() {
        discover("events", file("s3://bkt/a.csv", T1), file("s3://bkt/b.csv", T1), file("s3://bkt/c.csv", T2));
        long failedId = ledger.list("events", null, 0).get(1).id();
        ledger.markFailed(failedId, 1, "broken");

        assertThat(ledger.list("events", FileStatus.PENDING, 0)).extracting(LedgerFile::uri)
                .containsExactly("s3://bkt/a.csv", "s3://bkt/c.csv");
        assertThat(ledger.list("events", FileStatus.PENDING, 1)).extracting(LedgerFile::uri)
                .containsExactly("s3://bkt/a.csv");
        assertThat(ledger.counts("events")).isEqualTo(Map.of(
                FileStatus.PENDING, 2L, FileStatus.IMPORTING, 0L, FileStatus.IMPORTED, 0L, FileStatus.FAILED, 1L));
        assertThat(ledger.counts("orders")).containsEntry(FileStatus.PENDING, 0L);
    }

    @Test
    void theLastKeyIsTheGreatestUnderAPrefixWithLikeCharactersTakenLiterally() {
        discover("events", file("s3://bkt/day_1/a.csv", T1), file("s3://bkt/day_1/b.csv", T1),
                file("s3://bkt/dayX1/z.csv", T1), file("s3://other/day_1/z.csv", T1));
        discover("orders", file("s3://bkt/day_1/y.csv", T1));

        assertThat(lastKey("events", "bkt", "day_1/")).isEqualTo("day_1/b.csv");
        assertThat(lastKey("events", "bkt", "day%")).isNull();
        assertThat(lastKey("events", "empty", "")).isNull();
    }

    @Test
    void reportsKnownKeysWhoseEtagChanged() {
        discover("events", discovered("s3://bkt/a.csv", 10, "etag-a", T1),
                discovered("s3://bkt/b.csv", 10, "etag-b", T1), file("s3://bkt/c.csv", T1));

        List<String> changed = jdbi.withHandle(h -> ledger.changedEtags(h, "events", "bkt", List.of(
                discovered("s3://bkt/a.csv", 10, "etag-a", T1),
                discovered("s3://bkt/b.csv", 12, "etag-b2", T2),
                discovered("s3://bkt/c.csv", 10, "etag-c", T1),
                discovered("s3://bkt/new.csv", 10, "etag-n", T1))));

        assertThat(changed).containsExactly("s3://bkt/b.csv");
    }

    private String lastKey(String datasource, String bucket, String prefix) {
        return jdbi.withHandle(h -> ledger.lastKey(h, datasource, bucket, prefix));
    }

    private int discover(String datasource, DiscoveredFile... files) {
        return jdbi.inTransaction(h -> ledger.recordDiscovered(h, datasource, List.of(files)));
    }

    private static DiscoveredFile file(String uri, Instant lastModified) {
        return discovered(uri, 10, null, lastModified);
    }

    /** A file listed at {@code uri}, split as the connectors split theirs. */
    private static DiscoveredFile discovered(String uri, long size, String etag, Instant lastModified) {
        BucketAddress address = uri.startsWith("file:///")
                ? new BucketAddress("file", "/", uri.substring("file:///".length()))
                : BucketAddress.split(uri);
        return new DiscoveredFile(address.bucket(), address.keyPattern(), uri, size, etag, lastModified);
    }
}
