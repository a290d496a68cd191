package dev.pipit.scheduler.db;

import static java.util.Objects.requireNonNull;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What differs between the databases Pipit writes to. H2 is opened in PostgreSQL mode with lower-case identifiers,
 * so most SQL is shared and this enum stays small: only what H2's compatibility mode does not cover lives here.
 */
public enum Dialect {
    H2("? FORMAT JSON", " ARRAY"),
    POSTGRESQL("CAST(? AS JSONB)", "[]");

    private final String jsonPlaceholder;
    private final String arraySuffix;

    Dialect(String jsonPlaceholder, String arraySuffix) {
        this.jsonPlaceholder = jsonPlaceholder;
        this.arraySuffix = arraySuffix;
    }

    /**
     * @throws IllegalArgumentException for a database Pipit does not support, naming the ones it does
     */
    public static Dialect fromJdbcUrl(String url) {
        requireNonNull(url, "url is null");
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("Unsupported database URL '" + JdbcUrls.mask(url)
                + "': Pipit stores its data in H2 (jdbc:h2:...) or PostgreSQL (jdbc:postgresql://...)");
    }

    /** Both dialects quote with double quotes; names reaching here are validated, so there is nothing to escape. */
    public String quote(String identifier) {
        return '"' + requireNonNull(identifier, "identifier is null") + '"';
    }

    /**
     * The placeholder that binds JSON text as a JSON value. Without it H2 would store the text as a JSON string
     * scalar and PostgreSQL would refuse a varchar for a jsonb column.
     */
    public String jsonPlaceholder() {
        return jsonPlaceholder;
    }

    /** The column type of an array of {@code elementType}: {@code integer ARRAY} in H2, {@code integer[]} in PostgreSQL. */
    public String arrayType(String elementType) {
        return requireNonNull(elementType, "elementType is null") + arraySuffix;
    }

    /**
     * A JDBC array for binding. PostgreSQL looks the element type up by its catalog name ({@code int4},
     * {@code timestamptz}), so callers pass that name; H2 converts the elements to the column's type on insert.
     */
    public Array createArray(Connection connection, String postgresElementType, Object[] elements) throws SQLException {
        return connection.createArrayOf(this == POSTGRESQL ? postgresElementType : "VARCHAR", elements);
    }
}
