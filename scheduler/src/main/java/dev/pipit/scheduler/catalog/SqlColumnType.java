package dev.pipit.scheduler.catalog;

import static java.util.Objects.requireNonNull;

/**
 * The SQL type a ClickHouse type is stored as, in one dialect.
 *
 * @param kind how values are bound: as they are, as a JDBC array, or as JSON text
 * @param ddl the column type for {@code CREATE TABLE} ({@code numeric(20, 0)}, {@code integer[]}, {@code jsonb})
 * @param postgresType PostgreSQL's catalog name of the values' type ({@code int4}, {@code jsonb}), for an
 *     {@link Kind#ARRAY} its elements' type, which {@link java.sql.Connection#createArrayOf} and a binary COPY need
 */
public record SqlColumnType(Kind kind, String ddl, String postgresType) {
    public enum Kind { SCALAR, ARRAY, JSON }

    public SqlColumnType {
        requireNonNull(kind, "kind is null");
        requireNonNull(ddl, "ddl is null");
        requireNonNull(postgresType, "postgresType is null");
    }
}
