package dev.pipit.scheduler.project;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.connector.BucketAddress;
import java.time.Instant;

/**
 * The {@code IMPORT_*} settings of a data source fed from a bucket. The strategy is not kept: only APPEND passes
 * validation.
 *
 * @param connectionName {@code IMPORT_CONNECTION_NAME}
 * @param bucketUri {@code IMPORT_BUCKET_URI} as written (a {@code file://} path is still relative to the project)
 * @param address the bucket and key pattern {@code IMPORT_BUCKET_URI} names, as the connection's connector read it
 * @param schedule {@code IMPORT_SCHEDULE}
 * @param format {@code IMPORT_FORMAT} lower case, or {@code null} to choose by each key's extension
 * @param fromTimestamp {@code IMPORT_FROM_TIMESTAMP}, or {@code null}: objects modified before it are skipped
 * @param listAfterLastKey {@code IMPORT_LIST_AFTER_LAST_KEY} (Pipit extension): list only keys after the greatest
 *     key the ledger holds, which is safe only when new keys always sort after old ones
 * @param importOverwrites {@code IMPORT_ON_OVERWRITE import} (Pipit extension): an imported object whose ETag
 *     changed is imported again, once per version; {@code false} ({@code skip}, Tinybird's behaviour) leaves it
 * @param afterImport {@code IMPORT_AFTER_IMPORT} (Pipit extension): what becomes of an object once imported
 * @param location the {@code IMPORT_BUCKET_URI} line, for run errors that concern the bucket
 */
public record ImportSpec(
        String connectionName,
        String bucketUri,
        BucketAddress address,
        Schedule schedule,
        String format,
        Instant fromTimestamp,
        boolean listAfterLastKey,
        boolean importOverwrites,
        AfterImport afterImport,
        Location location) {
    public ImportSpec {
        requireNonNull(connectionName, "connectionName is null");
        requireNonNull(bucketUri, "bucketUri is null");
        requireNonNull(address, "address is null");
        requireNonNull(schedule, "schedule is null");
        requireNonNull(afterImport, "afterImport is null");
        requireNonNull(location, "location is null");
    }
}
