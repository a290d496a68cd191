package dev.pipit.scheduler.testutil;

import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.db.Database;
import dev.pipit.testkit.db.Backend;
import java.nio.file.Path;

/** Databases for tests: each one fresh and private to its test, opened and migrated the way production opens it. */
public final class TestDatabases {
    private TestDatabases() {}

    /** A new database of {@code backend}'s kind. */
    public static Database open(Backend backend) {
        return Database.open(PipitConfig.of(backend.freshSettings()), Path.of("."));
    }

    /** A new in-memory H2 database; it disappears when closed. */
    public static Database openInMemory() {
        return open(Backend.H2);
    }
}
