package dev.pipit.scheduler.ledger;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One row of the file ledger.
 *
 * @param runId the run that last claimed or failed the file, or {@code null} while it was never claimed
 * @param rows rows written to the data source's table, or {@code null} until imported
 * @param quarantined rows written to the quarantine table, or {@code null} until imported
 * @param bytes bytes read, or {@code null} until imported
 * @param error why the import failed, or {@code null}
 */
public record LedgerFile(
        long id,
        String datasource,
        String key,
        Long size,
        String etag,
        Instant lastModified,
        FileStatus status,
        Long runId,
        Long rows,
        Long quarantined,
        Long bytes,
        String error,
        Instant discoveredAt,
        Instant updatedAt) {
    public LedgerFile {
        requireNonNull(datasource, "datasource is null");
        requireNonNull(key, "key is null");
        requireNonNull(status, "status is null");
        requireNonNull(discoveredAt, "discoveredAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }
}
