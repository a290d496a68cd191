package dev.pipit.scheduler.testutil;

import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.db.Database;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/** Databases for tests: each one fresh and private to its test, opened and migrated the way production opens it. */
public final class TestDatabases {
    private TestDatabases() {}

    /** A new in-memory H2 database; it disappears when closed. */
    public static Database openInMemory() {
        return Backend.H2.open();
    }

    public static String inMemoryUrl() {
        return "jdbc:h2:mem:" + UUID.randomUUID();
    }

    static Database open(Map<String, String> settings, Path projectDir) {
        return Database.open(PipitConfig.of(settings), projectDir);
    }
}
