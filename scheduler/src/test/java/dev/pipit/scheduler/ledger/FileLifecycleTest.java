package dev.pipit.scheduler.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.testutil.TestDatabases;
import dev.pipit.spi.connector.BucketAddress;
import dev.pipit.testkit.db.Backend;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

/** Retries across runs, {@code retry} and {@code reimport}, on the ledger of both databases. */
@ParameterizedClass
@EnumSource(Backend.class)
class FileLifecycleTest {
    private static final Instant T1 = Instant.parse("2024-05-01T10:00:00Z");

    @Parameter
    Backend backend;

    private Database database;
    private Jdbi jdbi;
    private FileLedger ledger;
    private FileRequeue requeue;

    @BeforeEach
    void open() {
        database = TestDatabases.open(backend);
        jdbi = database.jdbi();
        ledger = new FileLedger(jdbi);
        requeue = new FileRequeue(jdbi);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aTransientFailureWaitsOutADoublingBackoffThenBecomesADeadLetterKeepingEveryCause() {
        long id = discover("s3://bkt/a.csv");

        Instant first = ledger.deferOrFail(id, 1, "connection reset", 2, Duration.ofHours(1));
        Instant second = ledger.deferOrFail(id, 2, "read timed out", 2, Duration.ofHours(1));
        LedgerFile waiting = only();
        Instant last = ledger.deferOrFail(id, 3, "connection reset", 2, Duration.ofHours(1));

        assertThat(first).isCloseTo(Instant.now().plus(1, ChronoUnit.HOURS), within(1, ChronoUnit.MINUTES));
        assertThat(second).isCloseTo(Instant.now().plus(2, ChronoUnit.HOURS), within(1, ChronoUnit.MINUTES));
        assertThat(waiting.status()).isEqualTo(FileStatus.PENDING);
        assertThat(waiting.nextAttemptAt()).isCloseTo(second, within(1, ChronoUnit.SECONDS));
        assertThat(pending()).as("not due before its backoff").isEmpty();
        assertThat(last).isNull();
        LedgerFile dead = only();
        assertThat(dead.status()).isEqualTo(FileStatus.FAILED);
        assertThat(dead.error()).isEqualTo("connection reset (gave up after 3 runs; import.file-retries 2)");
        assertThat(dead.nextAttemptAt()).isNull();
        assertThat(failures(id)).containsExactly("connection reset", "read timed out",
                "connection reset (gave up after 3 runs; import.file-retries 2)");
    }

    @Test
    void aDueRetryIsPendingAgain() {
        long id = discover("s3://bkt/a.csv");

        ledger.deferOrFail(id, 1, "connection reset", 3, Duration.ZERO);

        assertThat(pending()).extracting(LedgerFile::id).containsExactly(id);
    }

    @Test
    void retryPutsFailedFilesBackToPendingKeepingTheirHistoryAndAttempts() {
        long a = discover("s3://bkt/a.csv");
        long b = discover("s3://bkt/b.csv");
        long c = discover("s3://bkt/c.csv");
        new FileAttempts(jdbi).begin(a, 1, 3);
        ledger.markFailed(a, 1, "not a Parquet file");
        ledger.markFailed(b, 1, "not text");
        importOnce(c, 1);

        FileRequeue.Outcome byKey = requeue.retry("events", List.of("a.csv", "s3://bkt/c.csv", "s3://bkt/z.csv"), null);
        FileRequeue.Outcome rest = requeue.retry("events", List.of(), null);

        assertThat(byKey.queued()).containsExactly("s3://bkt/a.csv");
        assertThat(byKey.refused()).containsOnlyKeys("s3://bkt/c.csv", "s3://bkt/z.csv");
        assertThat(byKey.refused().get("s3://bkt/c.csv"))
                .isEqualTo("is imported, not failed: bin/scheduler reimport imports it again");
        assertThat(rest.queued()).containsExactly("s3://bkt/b.csv");
        LedgerFile retried = ledger.list("events", null, 0).get(0);
        assertThat(retried.status()).isEqualTo(FileStatus.PENDING);
        assertThat(retried.error()).isNull();
        assertThat(retried.attempts()).isEqualTo(1);
        assertThat(failures(a)).containsExactly("not a Parquet file");
        assertThat(requeue.retry("events", List.of(), Instant.now().plus(1, ChronoUnit.HOURS)).queued()).isEmpty();
    }

    @Test
    void reimportQueuesAnImportedKeyAsANewGenerationAndKeepsTheEarlierImport() {
        long id = discover("s3://bkt/a.csv");
        importOnce(id, 1);

        FileRequeue.Outcome outcome = requeue.reimport("events", List.of("s3://bkt/a.csv"));
        LedgerFile queued = only();
        importOnce(id, 2);

        assertThat(outcome.queued()).containsExactly("s3://bkt/a.csv");
        assertThat(queued.status()).isEqualTo(FileStatus.PENDING);
        assertThat(queued.generation()).isEqualTo(2);
        assertThat(queued.rows()).isNull();
        LedgerFile again = only();
        assertThat(again.status()).isEqualTo(FileStatus.IMPORTED);
        assertThat(again.runId()).isEqualTo(2);
        List<Map<String, Object>> earlier = jdbi.withHandle(h -> h.createQuery(
                        "SELECT generation, run_id, \"rows\" FROM pipit.file_imports WHERE file_id = :id")
                .bind("id", id).mapToMap().list());
        assertThat(earlier).containsExactly(Map.of("generation", 1, "run_id", 1L, "rows", 10L));
        assertThat(requeue.reimport("events", List.of("s3://bkt/b.csv")).refused()).containsOnlyKeys("s3://bkt/b.csv");
    }

    @Test
    void anOverwrittenImportedObjectIsQueuedOncePerVersion() {
        long id = discover("s3://bkt/a.csv");
        jdbi.useHandle(h -> h.createUpdate("UPDATE pipit.files SET etag = 'v1' WHERE id = :id").bind("id", id).execute());
        importOnce(id, 1);
        DiscoveredFile v2 = new DiscoveredFile("bkt", "a.csv", "s3://bkt/a.csv", 20, "v2", T1.plusSeconds(60));

        List<String> first = jdbi.inTransaction(h -> ledger.queueNewVersions(h, "events", List.of(v2)));
        List<String> again = jdbi.inTransaction(h -> ledger.queueNewVersions(h, "events", List.of(v2)));

        assertThat(first).containsExactly("s3://bkt/a.csv");
        assertThat(again).isEmpty();
        LedgerFile queued = only();
        assertThat(queued.status()).isEqualTo(FileStatus.PENDING);
        assertThat(queued.etag()).isEqualTo("v2");
        assertThat(queued.size()).isEqualTo(20);
        assertThat(queued.generation()).isEqualTo(2);
    }

    @Test
    void anAfterImportActionIsCarriedOutByOneRunAtATimeAndWaitsOutItsBackoffAfterAFailure() throws Exception {
        long id = discover("s3://bkt/a.csv");
        AfterImportLedger actions = new AfterImportLedger(jdbi);
        jdbi.useTransaction(h -> {
            assertThat(ledger.claim(h, id, 1)).isTrue();
            ledger.markImported(h, id, 10, 0, 100);
            actions.record(h, id, "move", "done/a.csv");
        });
        AfterImportLedger.Action due = actions.due("events", null).get(0);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService otherRun = Executors.newSingleThreadExecutor();
        boolean taken;
        try {
            Future<?> first = otherRun.submit(() -> {
                jdbi.useTransaction(h -> {
                    assertThat(actions.take(h, due)).isTrue();
                    held.countDown();
                    release.await();
                    actions.markFailed(h, due, "SlowDown (HTTP 503)", Instant.now().plus(1, ChronoUnit.HOURS));
                });
                return null;
            });
            held.await();
            taken = jdbi.inTransaction(h -> actions.take(h, due));
            release.countDown();
            first.get(1, TimeUnit.MINUTES);
        } finally {
            otherRun.shutdownNow();
        }
        List<AfterImportLedger.Action> waiting = actions.due("events", id);
        AfterImportState failed = only().afterImport();
        jdbi.useHandle(h -> h.execute("UPDATE pipit.after_import SET next_attempt_at = NULL"));
        jdbi.useTransaction(h -> {
            assertThat(actions.take(h, due)).isTrue();
            actions.markDone(h, due);
        });

        assertThat(due.targetKey()).isEqualTo("done/a.csv");
        assertThat(due.objectKey()).isEqualTo("a.csv");
        assertThat(taken).as("held by the other run").isFalse();
        assertThat(waiting).isEmpty();
        assertThat(failed.status()).isEqualTo("failed");
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.error()).isEqualTo("SlowDown (HTTP 503)");
        assertThat(failed.nextAttemptAt()).isAfter(Instant.now());
        AfterImportState done = only().afterImport();
        assertThat(done.status()).isEqualTo("done");
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(done.error()).isNull();
        assertThat(actions.due("events", null)).isEmpty();
        assertThat(only().status()).isEqualTo(FileStatus.IMPORTED);
    }

    private List<LedgerFile> pending() {
        return jdbi.withHandle(h -> ledger.pending(h, "events", 0));
    }

    private LedgerFile only() {
        List<LedgerFile> files = ledger.list("events", null, 0);
        assertThat(files).hasSize(1);
        return files.get(0);
    }

    private void importOnce(long id, long runId) {
        jdbi.useTransaction(h -> {
            assertThat(ledger.claim(h, id, runId)).isTrue();
            ledger.markImported(h, id, 10, 0, 100);
        });
    }

    private List<String> failures(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT error FROM pipit.file_failures WHERE file_id = :id ORDER BY id")
                .bind("id", id).mapTo(String.class).list());
    }

    private long discover(String uri) {
        BucketAddress address = BucketAddress.split(uri);
        DiscoveredFile file = new DiscoveredFile(address.bucket(), address.keyPattern(), uri, 10, null, T1);
        jdbi.useTransaction(h -> ledger.recordDiscovered(h, "events", List.of(file)));
        return ledger.list("events", null, 0).stream().filter(f -> f.uri().equals(uri)).findFirst().orElseThrow().id();
    }
}
