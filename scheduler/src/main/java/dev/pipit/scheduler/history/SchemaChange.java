package dev.pipit.scheduler.history;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A recorded change to a data source's table.
 *
 * @param columnName the column added, or {@code null} for a change to the table as a whole
 * @param columnType its ClickHouse type as written, or {@code null}
 * @param jsonPath where an inferred column's values come from ({@code $.member}), or {@code null}
 * @param sourceKey the file whose columns caused the change, or {@code null} for a deployment
 */
public record SchemaChange(
        long id, String datasource, SchemaChangeKind kind, String columnName, String columnType, String jsonPath,
        String sourceKey,
        Instant changedAt) {
    public SchemaChange {
        requireNonNull(datasource, "datasource is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(changedAt, "changedAt is null");
    }
}
