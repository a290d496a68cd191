package dev.pipit.testkit.db;

import java.util.Map;
import java.util.UUID;

/**
 * The databases Pipit runs on, as a test parameter: a database-touching test class is written once and runs on
 * both, with {@code @ParameterizedClass @EnumSource(Backend.class)} and a {@code @Parameter Backend backend} field.
 *
 * <p>It hands out settings, not opened databases, so that a plugin's tests can use it without the core: the core's
 * own tests open them with its {@code Database.open}.
 */
public enum Backend {
    H2,
    POSTGRESQL;

    /** The {@code db.*} settings of a new, empty database of this kind, private to the caller. */
    public Map<String, String> freshSettings() {
        return this == H2 ? Map.of("db.url", inMemoryH2Url()) : TestPostgres.server().freshDatabase();
    }

    /** A new in-memory H2 database; it disappears when its last connection closes. */
    public static String inMemoryH2Url() {
        return "jdbc:h2:mem:" + UUID.randomUUID();
    }
}
