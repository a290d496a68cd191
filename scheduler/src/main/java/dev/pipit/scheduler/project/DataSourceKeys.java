package dev.pipit.scheduler.project;

import java.util.List;
import java.util.Optional;

/**
 * The keys a {@code .datasource} file may set, as Tinybird documents them. Pipit reads the {@code IMPORT_*} and
 * {@code KAFKA_*} keys; the others describe the table in ClickHouse terms and are accepted so that a Tinybird
 * project checks unchanged.
 */
final class DataSourceKeys {
    static final String DESCRIPTION = "DESCRIPTION";
    static final String SCHEMA = "SCHEMA";

    static final String IMPORT_SERVICE = "IMPORT_SERVICE";
    static final String IMPORT_CONNECTION_NAME = "IMPORT_CONNECTION_NAME";
    /** The Connections guide's names for {@link #IMPORT_CONNECTION_NAME} of one service. */
    static final String S3_CONNECTION_NAME = "S3_CONNECTION_NAME";
    static final String GCS_CONNECTION_NAME = "GCS_CONNECTION_NAME";
    static final String AZURE_CONNECTION_NAME = "AZURE_CONNECTION_NAME";
    static final String IMPORT_BUCKET_URI = "IMPORT_BUCKET_URI";
    static final String IMPORT_SCHEDULE = "IMPORT_SCHEDULE";
    static final String IMPORT_STRATEGY = "IMPORT_STRATEGY";
    static final String IMPORT_FROM_TIMESTAMP = "IMPORT_FROM_TIMESTAMP";
    static final String IMPORT_FORMAT = "IMPORT_FORMAT";
    static final String IMPORT_QUERY = "IMPORT_QUERY";
    /** Pipit extension: list only keys after the greatest one already in the ledger. */
    static final String IMPORT_LIST_AFTER_LAST_KEY = "IMPORT_LIST_AFTER_LAST_KEY";
    /** Pipit extension: whether an imported object whose ETag changed is imported again. */
    static final String IMPORT_ON_OVERWRITE = "IMPORT_ON_OVERWRITE";
    /** Pipit extension: the queue that the bucket's event notifications go to. */
    static final String IMPORT_NOTIFICATIONS = "IMPORT_NOTIFICATIONS";
    /** Pipit extension: with notifications, how often a full listing catches lost events. */
    static final String IMPORT_BACKFILL_INTERVAL = "IMPORT_BACKFILL_INTERVAL";

    static final String KAFKA_CONNECTION_NAME = "KAFKA_CONNECTION_NAME";
    static final String KAFKA_TOPIC = "KAFKA_TOPIC";
    static final String KAFKA_GROUP_ID = "KAFKA_GROUP_ID";
    static final String KAFKA_AUTO_OFFSET_RESET = "KAFKA_AUTO_OFFSET_RESET";
    static final String KAFKA_STORE_RAW_VALUE = "KAFKA_STORE_RAW_VALUE";
    static final String KAFKA_STORE_HEADERS = "KAFKA_STORE_HEADERS";
    static final String KAFKA_STORE_BINARY_HEADERS = "KAFKA_STORE_BINARY_HEADERS";
    static final String KAFKA_TARGET_PARTITIONS = "KAFKA_TARGET_PARTITIONS";
    static final String KAFKA_KEY_AVRO_DESERIALIZATION = "KAFKA_KEY_AVRO_DESERIALIZATION";
    static final String KAFKA_KEY_FORMAT = "KAFKA_KEY_FORMAT";
    static final String KAFKA_VALUE_FORMAT = "KAFKA_VALUE_FORMAT";

    /** Keys that describe imports Pipit does not run: a query against a warehouse or a DynamoDB export. */
    static final List<String> FOREIGN_IMPORT_KEYS =
            List.of(IMPORT_QUERY, "IMPORT_EXTERNAL_DATASOURCE", "IMPORT_TABLE_ARN", "IMPORT_EXPORT_BUCKET");

    private static final List<String> KNOWN = List.of(
            DESCRIPTION, SCHEMA, "INDEXES", "TOKEN", "TAGS", "ENGINE", "FORWARD_QUERY", "SHARED_WITH", "BACKFILL",
            IMPORT_SERVICE, IMPORT_CONNECTION_NAME, S3_CONNECTION_NAME, GCS_CONNECTION_NAME, AZURE_CONNECTION_NAME,
            IMPORT_BUCKET_URI, IMPORT_SCHEDULE, IMPORT_STRATEGY,
            IMPORT_FROM_TIMESTAMP, IMPORT_FORMAT, IMPORT_LIST_AFTER_LAST_KEY, IMPORT_ON_OVERWRITE, IMPORT_NOTIFICATIONS,
            IMPORT_BACKFILL_INTERVAL, IMPORT_QUERY, "IMPORT_EXTERNAL_DATASOURCE", "IMPORT_TABLE_ARN",
            "IMPORT_EXPORT_BUCKET",
            KAFKA_CONNECTION_NAME, KAFKA_TOPIC, KAFKA_GROUP_ID, KAFKA_AUTO_OFFSET_RESET, KAFKA_STORE_RAW_VALUE,
            KAFKA_STORE_HEADERS, KAFKA_STORE_BINARY_HEADERS, KAFKA_TARGET_PARTITIONS, KAFKA_KEY_FORMAT,
            KAFKA_VALUE_FORMAT, KAFKA_KEY_AVRO_DESERIALIZATION,
            "ENGINE_PARTITION_KEY", "ENGINE_SORTING_KEY", "ENGINE_PRIMARY_KEY", "ENGINE_TTL", "ENGINE_VER",
            "ENGINE_SIGN", "ENGINE_VERSION", "ENGINE_IS_DELETED", "ENGINE_SETTINGS", "ENGINE_COLUMNS");

    private DataSourceKeys() {}

    /**
     * Whether {@code key} (upper case) may appear in a data source. Every {@code ENGINE_*} key is accepted: they
     * pass ClickHouse engine parameters through, and ClickHouse adds engines faster than this list could follow.
     */
    static boolean isKnown(String key) {
        return KNOWN.contains(key) || key.startsWith("ENGINE_");
    }

    /** The known key {@code key} was probably meant to be. */
    static Optional<String> closest(String key) {
        return ClosestName.closest(key, KNOWN);
    }

    static boolean isImportKey(String key) {
        return key.startsWith("IMPORT_") || ConnectionNameAliases.isAlias(key);
    }

    static boolean isKafkaKey(String key) {
        return key.startsWith("KAFKA_");
    }
}
