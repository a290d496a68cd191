package dev.pipit.scheduler.db;

import dev.pipit.testkit.db.Backend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * A database as an earlier release left it, for the tests of a migration: Pipit's migrations applied up to that
 * release's version, and a connection to fill its tables as that release did.
 */
final class EarlierSchema {
    private final Map<String, String> settings;
    private final String url;
    private final String user;
    private final String password;

    private EarlierSchema(Map<String, String> settings, String url) {
        this.settings = Map.copyOf(settings);
        this.url = url;
        this.user = settings.getOrDefault("db.user", Database.DEFAULT_USER);
        this.password = settings.getOrDefault("db.password", "");
    }

    /** A fresh database of the backend migrated up to {@code version}; an H2 one is a file under {@code folder}. */
    static EarlierSchema migratedTo(String version, Backend backend, Path folder) {
        Map<String, String> settings = new HashMap<>(backend.freshSettings());
        if (backend == Backend.H2) {
            // A file, so the database outlives the connections of the earlier release's writer.
            settings.put("db.url", "jdbc:h2:" + folder.resolve("pipit"));
        }
        String url = backend == Backend.H2 ? JdbcUrls.prepareH2(settings.get("db.url"), folder) : settings.get("db.url");
        EarlierSchema schema = new EarlierSchema(settings, url);
        Flyway.configure()
                .dataSource(url, schema.user, schema.password)
                .schemas(Database.STATE_SCHEMA)
                .defaultSchema(Database.STATE_SCHEMA)
                .createSchemas(true)
                .locations("classpath:db/migration")
                .target(version)
                .load()
                .migrate();
        return schema;
    }

    /** The settings this release opens the database with. */
    Map<String, String> settings() {
        return settings;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }
}
