package dev.pipit.scheduler.ledger;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One row of the file ledger. A file is known by its data source, bucket and key in the bucket.
 *
 * @param bucket the bucket, as the connector lists it ({@code /} for the local file system's root)
 * @param objectKey the object's key in the bucket
 * @param uri the object's URI, for people: {@code files} shows it, and messages name the file by it
 * @param runId the run that last claimed or failed the file, or {@code null} while it was never claimed
 * @param rows rows written to the data source's table, or {@code null} until imported
 * @param quarantined rows written to the quarantine table, or {@code null} until imported
 * @param bytes bytes read, or {@code null} until imported
 * @param error why the import failed, or {@code null}
 * @param attempts every attempt at the file so far, in every run
 * @param nextAttemptAt when a file waiting out its retry backoff may be taken again, or {@code null}
 * @param generation which import of the key this is: 1, and one more for each {@code reimport}
 * @param afterImport the {@code IMPORT_AFTER_IMPORT} action of this import, or {@code null} when there is none (or
 *     the row was read without it)
 */
public record LedgerFile(
        long id,
        String datasource,
        String bucket,
        String objectKey,
        String uri,
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
        Instant updatedAt,
        int attempts,
        Instant nextAttemptAt,
        int generation,
        AfterImportState afterImport) {
    public LedgerFile {
        requireNonNull(datasource, "datasource is null");
        requireNonNull(bucket, "bucket is null");
        requireNonNull(objectKey, "objectKey is null");
        requireNonNull(uri, "uri is null");
        requireNonNull(status, "status is null");
        requireNonNull(discoveredAt, "discoveredAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }
}
