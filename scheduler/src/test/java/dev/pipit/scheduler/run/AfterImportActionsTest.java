package dev.pipit.scheduler.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.ledger.AfterImportLedger;
import dev.pipit.scheduler.ledger.AfterImportState;
import dev.pipit.scheduler.ledger.DiscoveredFile;
import dev.pipit.scheduler.ledger.FileLedger;
import dev.pipit.scheduler.testutil.TestDatabases;
import dev.pipit.spi.connector.ListRequest;
import dev.pipit.spi.connector.Listing;
import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.spi.connector.ObjectStore;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Repeating an after-import action is safe: what a crash between a step and its record leaves behind (the object
 * already deleted, the copy already at its target) completes the action, and only an object that is nowhere fails it.
 */
class AfterImportActionsTest {
    private static final Instant T1 = Instant.parse("2024-05-01T10:00:00Z");

    private final BucketOfKeys bucket = new BucketOfKeys();
    private Database database;
    private FileLedger ledger;
    private AfterImportActions actions;

    @BeforeEach
    void open() {
        database = TestDatabases.openInMemory();
        ledger = new FileLedger(database.jdbi());
        actions = new AfterImportActions(database, Duration.ofMinutes(5));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aMoveWhoseSourceIsGoneIsDoneWhenTheCopyIsAtItsTarget() {
        bucket.put("done/a.csv");
        importWithAction("a.csv", "move", "done/a.csv");

        int failed = actions.carryOut(bucket, "events", null, 2);

        assertThat(failed).isZero();
        assertThat(state().status()).isEqualTo("done");
        assertThat(bucket.keys()).containsExactly("done/a.csv");
    }

    @Test
    void aDeleteOfAnObjectAlreadyGoneIsDone() {
        importWithAction("a.csv", "delete", null);

        assertThat(actions.carryOut(bucket, "events", null, 2)).isZero();
        assertThat(state().status()).isEqualTo("done");
    }

    @Test
    void aMoveOfAnObjectThatIsNowhereFailsAndWaitsForALaterRun() {
        importWithAction("a.csv", "move", "done/a.csv");

        int failed = actions.carryOut(bucket, "events", null, 2);
        int again = actions.carryOut(bucket, "events", null, 3);

        assertThat(failed).isEqualTo(1);
        assertThat(again).as("waiting out its backoff").isZero();
        AfterImportState state = state();
        assertThat(state.status()).isEqualTo("failed");
        assertThat(state.attempts()).isEqualTo(1);
        assertThat(state.error()).contains("a.csv is not in the bucket");
        assertThat(state.nextAttemptAt()).isAfter(Instant.now().plus(Duration.ofMinutes(4)));
    }

    private void importWithAction(String key, String action, String targetKey) {
        DiscoveredFile file = new DiscoveredFile("bkt", key, "s3://bkt/" + key, 10, "e1", T1);
        database.jdbi().useTransaction(h -> ledger.recordDiscovered(h, "events", List.of(file)));
        long id = ledger.list("events", null, 0).get(0).id();
        database.jdbi().useTransaction(h -> {
            ledger.claim(h, id, 1);
            ledger.markImported(h, id, 1, 0, 10);
            new AfterImportLedger(database.jdbi()).record(h, id, action, targetKey);
        });
    }

    private AfterImportState state() {
        return ledger.list("events", null, 0).get(0).afterImport();
    }

    /** A bucket of keys in memory: deletes of missing keys succeed and copies of missing ones are not found. */
    private static final class BucketOfKeys implements ObjectStore {
        private final TreeMap<String, ObjectRef> objects = new TreeMap<>();

        void put(String key) {
            objects.put(key, new ObjectRef("bkt", key, 10, T1, "e1"));
        }

        List<String> keys() {
            return List.copyOf(objects.keySet());
        }

        @Override
        public Listing list(ListRequest request) {
            return new Listing(objects.values().stream().filter(o -> o.key().startsWith(request.prefix())).toList(),
                    null);
        }

        @Override
        public InputStream open(ObjectRef object) {
            throw new UnsupportedOperationException("actions never read");
        }

        @Override
        public void delete(ObjectRef object) {
            objects.remove(object.key());
        }

        @Override
        public void copy(ObjectRef source, String targetKey) throws FileNotFoundException {
            if (!objects.containsKey(source.key())) {
                throw new FileNotFoundException(source.key() + " is not in the bucket");
            }
            put(targetKey);
        }

        @Override
        public void close() {
        }
    }
}
