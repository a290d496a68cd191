package dev.pipit.scheduler.project;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.connector.BucketAddress;
import java.time.Duration;
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
 * @param location the {@code IMPORT_BUCKET_URI} line, for run errors that concern the bucket
 * @param notifications {@code IMPORT_NOTIFICATIONS} (Pipit extension) as the connector wrote it canonically: the
 *     queue the bucket's events arrive on, or {@code null} when discovery only lists
 * @param backfillInterval {@code IMPORT_BACKFILL_INTERVAL} (Pipit extension): with notifications, how often a full
 *     listing catches the events that never arrived; {@link Duration#ZERO} lists only at start-up and on triggers
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
        Location location,
        String notifications,
        Duration backfillInterval) {
    public ImportSpec {
        requireNonNull(connectionName, "connectionName is null");
        requireNonNull(bucketUri, "bucketUri is null");
        requireNonNull(address, "address is null");
        requireNonNull(schedule, "schedule is null");
        requireNonNull(location, "location is null");
        requireNonNull(backfillInterval, "backfillInterval is null");
    }

    /** The settings of a data source whose discovery only lists. */
    public ImportSpec(String connectionName, String bucketUri, BucketAddress address, Schedule schedule, String format,
            Instant fromTimestamp, boolean listAfterLastKey, boolean importOverwrites, Location location) {
        this(connectionName, bucketUri, address, schedule, format, fromTimestamp, listAfterLastKey, importOverwrites,
                location, null, DataSourceSettings.DEFAULT_BACKFILL_INTERVAL);
    }

    /** Whether the bucket's events tell its new objects, so that scheduled runs need not list. */
    public boolean hasNotifications() {
        return notifications != null;
    }
}
