package dev.pipit.scheduler.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.ledger.FileAttempts;
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
import org.assertj.core.groups.Tuple;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * V8 (attempt counters) comes after V7 (the ledger's bucket and object key): on a fresh database, and on one the
 * previous release migrated to V7 and filled, whose files keep their identity and start with no attempts.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class FileAttemptsMigrationTest {
    private static final Instant T1 = Instant.parse("2024-05-01T10:00:00Z");

    @Parameter
    Backend backend;

    @TempDir
    Path folder;

    @Test
    void aFreshDatabaseAppliesV8AfterV7() {
        try (Database database = Database.open(PipitConfig.of(backend.freshSettings()), folder)) {
            assertThat(appliedVersions(database.jdbi())).containsSubsequence("7", "8");
        }
    }

    @Test
    void aLedgerMigratedToV7KeepsItsFilesAndCountsAttemptsFromNone() throws Exception {
        EarlierSchema v7 = EarlierSchema.migratedTo("7", backend, folder);
        writeAsV7Did(v7);

        try (Database database = Database.open(PipitConfig.of(v7.settings()), folder)) {
            Jdbi jdbi = database.jdbi();
            assertThat(appliedVersions(jdbi)).containsSubsequence("7", "8");
            FileLedger ledger = new FileLedger(jdbi);
            List<LedgerFile> files = ledger.list("events", null, 0);
            assertThat(files).extracting(LedgerFile::bucket, LedgerFile::objectKey, LedgerFile::status).containsExactly(
                    tuple("bkt", "a.csv", FileStatus.IMPORTED), tuple("bkt", "b.csv", FileStatus.PENDING));
            assertThat(counters(jdbi)).containsExactly(tuple(0, 0, false), tuple(0, 0, false));

            FileAttempts attempts = new FileAttempts(jdbi);
            long pending = files.get(1).id();
            assertThat(attempts.begin(pending, 1, 3)).isEqualTo(FileAttempts.Start.STARTED);
            assertThat(attempts.begin(files.get(0).id(), 1, 3)).isEqualTo(FileAttempts.Start.TAKEN);
            attempts.end(pending);
            assertThat(counters(jdbi)).containsExactly(tuple(0, 0, false), tuple(1, 0, true));
        }
    }

    private static List<String> appliedVersions(Jdbi jdbi) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT "version" FROM pipit."flyway_schema_history"
                 WHERE "version" IS NOT NULL AND "success" ORDER BY "installed_rank\"""")
                .mapTo(String.class).list());
    }

    /** Each file's attempts, unfinished attempts and whether one has begun, by key. */
    private static List<Tuple> counters(Jdbi jdbi) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT attempts, unfinished_attempts, last_attempt_at FROM pipit.files ORDER BY object_key""")
                .map((rows, context) -> tuple(rows.getInt(1), rows.getInt(2), rows.getTimestamp(3) != null))
                .list());
    }

    /** Inserts rows as the ledger of V7 did. */
    private static void writeAsV7Did(EarlierSchema v7) throws Exception {
        try (Connection connection = v7.connect();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO pipit.files (datasource, bucket, object_key, "key", size, etag, last_modified,
                                                 status, "rows", quarantined, bytes, discovered_at, updated_at)
                        VALUES ('events', 'bkt', ?, ?, 10, NULL, ?, ?, 0, 0, 0, ?, ?)""")) {
            Timestamp time = Timestamp.from(T1);
            for (String key : List.of("a.csv", "b.csv")) {
                insert.setString(1, key);
                insert.setString(2, "s3://bkt/" + key);
                insert.setTimestamp(3, time);
                insert.setString(4, key.equals("a.csv") ? "imported" : "pending");
                insert.setTimestamp(5, time);
                insert.setTimestamp(6, time);
                insert.executeUpdate();
            }
        }
    }
}
