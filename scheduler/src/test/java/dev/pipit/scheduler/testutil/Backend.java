package dev.pipit.scheduler.testutil;

import dev.pipit.scheduler.db.Database;
import java.nio.file.Path;
import java.util.Map;

/**
 * The databases Pipit runs on, as a test parameter: a database-touching test class is written once and runs on
 * both, with {@code @ParameterizedClass @EnumSource(Backend.class)} and a {@code @Parameter Backend backend} field.
 */
public enum Backend {
    H2,
    POSTGRESQL;

    /** The {@code db.*} settings of a new, empty database of this kind, private to the caller. */
    public Map<String, String> freshSettings() {
        return this == H2 ? Map.of("db.url", TestDatabases.inMemoryUrl()) : TestPostgres.server().freshDatabase();
    }

    /** A new database of this kind, opened and migrated the way production opens it. */
    public Database open() {
        return TestDatabases.open(freshSettings(), Path.of("."));
    }
}
