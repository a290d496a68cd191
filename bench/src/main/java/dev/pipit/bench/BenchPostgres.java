package dev.pipit.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/** A real PostgreSQL (io.zonky's binaries from Maven Central) on a loopback port, one database per case. */
final class BenchPostgres implements AutoCloseable {
    private final EmbeddedPostgres server;

    private BenchPostgres(EmbeddedPostgres server) {
        this.server = server;
    }

    static BenchPostgres start() throws IOException {
        return new BenchPostgres(EmbeddedPostgres.builder().start());
    }

    /** Creates database {@code name} and returns Pipit's {@code db.*} settings for it. */
    Map<String, String> createDatabase(String name) throws SQLException {
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return Map.of("db.url", server.getJdbcUrl("postgres", name), "db.user", "postgres", "db.password", "");
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
