package dev.pipit.scheduler.catalog;

import static java.util.Objects.requireNonNull;

/**
 * The SQL type a ClickHouse type is stored as, in one dialect.
 *
 * @param kind how values are bound: as they are, as a JDBC array, or as JSON text
 * @param ddl the column type for {@code CREATE TABLE} ({@code numeric(20, 0)}, {@code integer[]}, {@code jsonb})
 * @param postgresElementType for {@link Kind#ARRAY}, PostgreSQL's catalog name of the element type ({@code int4}),
 *     which {@link java.sql.Connection#createArrayOf} needs; {@code null} otherwise
 */
public record SqlColumnType(Kind kind, String ddl, String postgresElementType) {
    public enum Kind { SCALAR, ARRAY, JSON }

    public SqlColumnType {
        requireNonNull(kind, "kind is null");
        requireNonNull(ddl, "ddl is null");
        if ((kind == Kind.ARRAY) != (postgresElementType != null)) {
            throw new IllegalArgumentException("postgresElementType is set for arrays and only for arrays");
        }
    }
}
