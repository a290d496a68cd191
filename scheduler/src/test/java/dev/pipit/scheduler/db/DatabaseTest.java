package dev.pipit.scheduler.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.testutil.TestDatabases;
import dev.pipit.testkit.db.Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DatabaseTest {
    @TempDir
    Path projectDir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void migratesTheStateSchema(Backend backend) {
        try (Database database = TestDatabases.open(backend)) {
            List<String> tables = database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'pipit' ORDER BY table_name")
                    .mapTo(String.class).list());

            assertThat(tables).contains("files", "runs", "schema_changes", "deployments", "flyway_schema_history",
                    "qrtz_job_details", "qrtz_triggers", "qrtz_locks", "qrtz_fired_triggers");
            assertThat(database.dialect().name()).isEqualTo(backend.name());
        }
    }

    @Test
    void migratingAgainChangesNothing() {
        PipitConfig config = PipitConfig.of(Map.of("db.url", "jdbc:h2:file:./data/pipit"));
        List<String> afterFirstOpen;
        try (Database database = Database.open(config, projectDir)) {
            afterFirstOpen = history(database);
        }
        try (Database reopened = Database.open(config, projectDir)) {
            assertThat(history(reopened)).isEqualTo(afterFirstOpen).contains("1 state", "2 quartz");
        }
    }

    @Test
    void aNewDatabaseStartsWithoutErrorsInH2sTraceFile() {
        PipitConfig config = PipitConfig.of(Map.of("db.url", "jdbc:h2:file:./data/pipit"));
        try (Database database = Database.open(config, projectDir)) {
            assertThat(Database.isCurrent(database.dataSource())).isTrue();
        }
        assertThat(projectDir.resolve("data/pipit.trace.db")).doesNotExist();
    }

    @Test
    void theNewestMigrationIsTheNewestFileOfTheMigrationFolder() throws Exception {
        Path folder = Path.of(Database.class.getResource("/db/migration").toURI());
        int newest;
        try (var files = Files.list(folder)) {
            newest = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.matches("V\\d+__.*\\.sql"))
                    .mapToInt(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
                    .max().orElseThrow();
        }
        assertThat(Database.NEWEST_MIGRATION).isEqualTo(Integer.toString(newest));
    }

    /** Flyway is skipped only for a database whose last migration is this build's newest and succeeded. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void onlyADatabaseAtTheNewestMigrationIsCurrent(Backend backend) {
        try (Database database = TestDatabases.open(backend)) {
            assertThat(Database.isCurrent(database.dataSource())).isTrue();

            database.jdbi().useHandle(h -> h.execute("UPDATE pipit.flyway_schema_history SET success = false "
                    + "WHERE version = '" + Database.NEWEST_MIGRATION + "'"));
            assertThat(Database.isCurrent(database.dataSource())).isFalse();

            database.jdbi().useHandle(h -> h.execute("DELETE FROM pipit.flyway_schema_history "
                    + "WHERE version = '" + Database.NEWEST_MIGRATION + "'"));
            assertThat(Database.isCurrent(database.dataSource())).isFalse();

            database.jdbi().useHandle(h -> h.execute("DROP TABLE pipit.flyway_schema_history"));
            assertThat(Database.isCurrent(database.dataSource())).isFalse();
        }
    }

    @Test
    void aDatabaseLeftAtAnOlderMigrationIsMigratedOnOpen() {
        PipitConfig config = PipitConfig.of(Map.of("db.url", "jdbc:h2:file:./data/pipit"));
        try (Database database = Database.open(config, projectDir)) {
            database.jdbi().useHandle(h -> {
                h.execute("DELETE FROM pipit.flyway_schema_history WHERE version = '" + Database.NEWEST_MIGRATION
                        + "'");
                h.execute("DROP TABLE pipit.notification_queues");
                h.execute("DROP TABLE pipit.listings");
            });
        }

        try (Database reopened = Database.open(config, projectDir)) {
            assertThat(Database.isCurrent(reopened.dataSource())).isTrue();
            long queues = reopened.jdbi().withHandle(h -> h.createQuery(
                    "SELECT count(*) FROM pipit.notification_queues").mapTo(Long.class).one());
            assertThat(queues).isZero();
        }
    }

    @Test
    void anH2StartKilledHalfWayThroughItsFirstMigrationStartsAgain() {
        PipitConfig config = PipitConfig.of(Map.of("db.url", "jdbc:h2:file:./data/pipit"));
        try (Database database = Database.open(config, projectDir)) {
            forgetTheQuartzMigration(database);
        }

        try (Database reopened = Database.open(config, projectDir)) {
            assertThat(history(reopened)).contains("1 state", "2 quartz");
        }
    }

    @Test
    void anH2DatabaseThatHoldsFilesIsNeverRebuiltWhenAMigrationFails() {
        PipitConfig config = PipitConfig.of(Map.of("db.url", "jdbc:h2:file:./data/pipit"));
        try (Database database = Database.open(config, projectDir)) {
            database.jdbi().useHandle(h -> h.execute("""
                    INSERT INTO pipit.files (datasource, "key", bucket, object_key, status, discovered_at, updated_at)
                    VALUES ('events', 'file:///in/a.csv', '/', 'in/a.csv', 'imported', now(), now())"""));
            forgetTheQuartzMigration(database);
        }

        assertThatExceptionOfType(DatabaseException.class)
                .isThrownBy(() -> Database.open(config, projectDir))
                .withMessageContaining("already exists");
    }

    /** What a kill between Quartz's tables and their history row leaves: tables that Flyway will create again. */
    private static void forgetTheQuartzMigration(Database database) {
        database.jdbi().useHandle(h -> h.execute("""
                DELETE FROM pipit.flyway_schema_history WHERE installed_rank >
                    (SELECT installed_rank FROM pipit.flyway_schema_history WHERE version = '1')"""));
    }

    private static List<String> history(Database database) {
        return database.jdbi().withHandle(h -> h.createQuery("""
                SELECT installed_rank, version, description FROM pipit.flyway_schema_history
                 WHERE success ORDER BY installed_rank""")
                .map((rs, ctx) -> rs.getString("version") + " " + rs.getString("description"))
                .list());
    }

    @Test
    void resolvesARelativeH2FileAgainstTheProjectFolder() {
        PipitConfig config = PipitConfig.of(Map.of("db.url", "jdbc:h2:file:./data/pipit"));
        try (Database database = Database.open(config, projectDir)) {
            assertThat(database.displayUrl()).startsWith("jdbc:h2:interruptsafe:" + projectDir.resolve("data/pipit"))
                    .endsWith(";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;NON_KEYWORDS=KEY,ROWS,VALUE;"
                            + "AUTO_SERVER=TRUE");
        }
        assertThat(Files.exists(projectDir.resolve("data/pipit.mv.db"))).isTrue();
    }

    @Test
    void keepsOptionsTheUrlSets() {
        assertThat(JdbcUrls.prepareH2("jdbc:h2:mem:x;mode=MySQL", projectDir))
                .isEqualTo("jdbc:h2:mem:x;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;"
                        + "NON_KEYWORDS=KEY,ROWS,VALUE");
        assertThat(JdbcUrls.prepareH2("jdbc:h2:/abs/db;AUTO_SERVER=FALSE", projectDir))
                .isEqualTo("jdbc:h2:interruptsafe:/abs/db;AUTO_SERVER=FALSE;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                        + "DEFAULT_NULL_ORDERING=HIGH;NON_KEYWORDS=KEY,ROWS,VALUE");
    }

    /**
     * Quartz interrupts its threads, which use the database, when it shuts down. On H2's default file system an
     * interrupt during a write closed the database for every thread ("The database has been closed").
     */
    @Test
    void anH2FileOutlivesAThreadInterruptedWhileItWrites() throws Exception {
        PipitConfig config = PipitConfig.of(Map.of("db.url", "jdbc:h2:file:./data/pipit"));
        try (Database database = Database.open(config, projectDir)) {
            database.jdbi().useHandle(h -> h.execute("CREATE TABLE public.filler (id INT, text VARCHAR)"));

            Thread.currentThread().interrupt();
            try {
                database.jdbi().useHandle(h -> h.execute(
                        "INSERT INTO public.filler SELECT r.*, REPEAT('a', 1000) FROM SYSTEM_RANGE(1, 1000) r"));
                assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for its owner").isTrue();
            } finally {
                Thread.interrupted();
            }

            long rows = database.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM public.filler")
                    .mapTo(Long.class).one());
            assertThat(rows).isEqualTo(1000);
        }
    }

    /**
     * Quartz's interrupts arrive while its threads write: the file is opened again under the writer, which goes on
     * and still sees its interrupt, and the other connections never notice.
     */
    @Test
    void anH2FileOutlivesInterruptsArrivingDuringWrites() throws Exception {
        PipitConfig config = PipitConfig.of(Map.of("db.url", "jdbc:h2:file:./data/pipit"));
        try (Database database = Database.open(config, projectDir)) {
            database.jdbi().useHandle(h -> h.execute("CREATE TABLE public.filler (id INT, text VARCHAR)"));
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicBoolean keptInterrupt = new AtomicBoolean();
            CountDownLatch writing = new CountDownLatch(1);
            Thread writer = new Thread(() -> {
                try (Handle handle = database.jdbi().open()) {
                    writing.countDown();
                    for (int i = 0; i < 20; i++) {
                        handle.execute("INSERT INTO public.filler SELECT r.*, REPEAT('a', 1000) FROM SYSTEM_RANGE(1, 1000) r");
                    }
                    keptInterrupt.set(Thread.interrupted());
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            writer.start();
            writing.await();
            while (writer.isAlive()) {
                writer.interrupt();
                Thread.sleep(2);
            }

            assertThat(failure.get()).isNull();
            assertThat(keptInterrupt).isTrue();
            long rows = database.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM public.filler")
                    .mapTo(Long.class).one());
            assertThat(rows).isEqualTo(20_000);
        }
    }

    @Test
    void connectionErrorsNameTheUrlButNotThePassword() {
        PipitConfig config = PipitConfig.of(Map.of(
                "db.url", "jdbc:postgresql://127.0.0.1:1/pipit?connectTimeout=2&password=hunter2",
                "db.password", "s3cret",
                "db.connect-timeout", "300ms"));

        assertThatExceptionOfType(DatabaseException.class)
                .isThrownBy(() -> Database.open(config, projectDir))
                .withMessageStartingWith("Cannot connect to jdbc:postgresql://127.0.0.1:1/pipit?connectTimeout=2&password=<masked> as user 'pipit': ")
                .withMessageContaining("Check db.url, db.user and db.password")
                .withMessageNotContaining("hunter2")
                .withMessageNotContaining("s3cret");
    }

    @Test
    void anH2FileTheFileSystemRefusesIsToldAsSuchNotAsWrongCredentials() throws Exception {
        Files.createDirectories(projectDir.resolve("data/pipit.mv.db"));
        PipitConfig config = PipitConfig.of(Map.of("db.connect-timeout", "300ms"));

        assertThatExceptionOfType(DatabaseException.class)
                .isThrownBy(() -> Database.open(config, projectDir))
                .withMessageStartingWith("Cannot open jdbc:h2:")
                .withMessageContaining("H2 could not read or write " + projectDir.resolve("data/pipit") + ".mv.db: "
                        + "check that the disk holding it has free space")
                .withMessageNotContaining("Check db.url, db.user and db.password");
    }

    @Test
    void rejectsDatabasesPipitDoesNotSupport() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Dialect.fromJdbcUrl("jdbc:mysql://localhost/pipit"))
                .withMessage("Unsupported database URL 'jdbc:mysql://localhost/pipit': Pipit stores its data in H2 "
                        + "(jdbc:h2:...) or PostgreSQL (jdbc:postgresql://...)");
    }
}
