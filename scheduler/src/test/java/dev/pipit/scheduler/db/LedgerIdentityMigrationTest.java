package dev.pipit.scheduler.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.ledger.DiscoveredFile;
import dev.pipit.scheduler.ledger.FileLedger;
import dev.pipit.scheduler.ledger.FileStatus;
import dev.pipit.scheduler.ledger.LedgerFile;
import dev.pipit.testkit.db.Backend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * V7 on a ledger the previous release wrote: the database is migrated to V6 only, filled the way that release's
 * ledger filled it (the object URI as the key), then opened by this release.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class LedgerIdentityMigrationTest {
    private static final Instant T1 = Instant.parse("2024-05-01T10:00:00Z");

    @Parameter
    Backend backend;

    @TempDir
    Path folder;

    @Test
    void splitsEveryUriIntoBucketAndKeyAndKeepsTheRowsAsTheyWere() throws Exception {
        EarlierSchema v6 = EarlierSchema.migratedTo("6", backend, folder);
        writeAsV6Did(v6, List.of(
                "s3://bkt/orders/2024-05-01.csv", "gs://landing/top.csv", "s3://bkt/my folder/café 1.csv",
                "file:///srv/inbox/a/b.csv", "file:///top.csv"));

        try (Database database = Database.open(PipitConfig.of(v6.settings()), folder)) {
            FileLedger ledger = new FileLedger(database.jdbi());

            assertThat(ledger.list("events", null, 0))
                    .extracting(LedgerFile::bucket, LedgerFile::objectKey, LedgerFile::uri, LedgerFile::status)
                    .containsExactlyInAnyOrder(
                            tuple("bkt", "orders/2024-05-01.csv", "s3://bkt/orders/2024-05-01.csv", FileStatus.IMPORTED),
                            tuple("landing", "top.csv", "gs://landing/top.csv", FileStatus.IMPORTED),
                            tuple("bkt", "my folder/café 1.csv", "s3://bkt/my folder/café 1.csv", FileStatus.IMPORTED),
                            tuple("/", "srv/inbox/a/b.csv", "file:///srv/inbox/a/b.csv", FileStatus.IMPORTED),
                            tuple("/", "top.csv", "file:///top.csv", FileStatus.IMPORTED));
            // Listing the same objects again finds nothing new: no file of the old ledger is imported twice.
            int added = database.jdbi().inTransaction(handle -> ledger.recordDiscovered(handle, "events", List.of(
                    new DiscoveredFile("bkt", "orders/2024-05-01.csv", "s3://bkt/orders/2024-05-01.csv", 10, null, T1),
                    new DiscoveredFile("/", "srv/inbox/a/b.csv", "file:///srv/inbox/a/b.csv", 10, null, T1),
                    new DiscoveredFile("bkt", "orders/2024-05-02.csv", "s3://bkt/orders/2024-05-02.csv", 10, null, T1))));
            assertThat(added).isEqualTo(1);
            String lastKey = database.jdbi().withHandle(handle -> ledger.lastKey(handle, "events", "bkt", "orders/"));
            assertThat(lastKey).isEqualTo("orders/2024-05-02.csv");
        }
    }

    /** Inserts rows as the ledger of V6 did, with the object URI as the key. */
    private static void writeAsV6Did(EarlierSchema v6, List<String> uris) throws Exception {
        try (Connection connection = v6.connect();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO pipit.files (datasource, "key", size, etag, last_modified, status, "rows",
                                                 quarantined, bytes, discovered_at, updated_at)
                        VALUES ('events', ?, 10, NULL, ?, 'imported', 1, 0, 10, ?, ?)""")) {
            Timestamp time = Timestamp.from(T1);
            for (String uri : uris) {
                insert.setString(1, uri);
                insert.setTimestamp(2, time);
                insert.setTimestamp(3, time);
                insert.setTimestamp(4, time);
                insert.executeUpdate();
            }
        }
    }
}
