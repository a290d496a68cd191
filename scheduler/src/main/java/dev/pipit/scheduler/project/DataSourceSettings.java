package dev.pipit.scheduler.project;

import dev.pipit.spi.config.SettingSpec;
import dev.pipit.spi.config.SettingType;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code IMPORT_*} and {@code KAFKA_*} settings Pipit reads, declared with the same typed settings plugins
 * declare theirs with, so that a bad value in a data source reads like one in a connection:
 * {@code NAME must be ... (found '...')}.
 */
final class DataSourceSettings {
    static final SettingSpec<String> IMPORT_CONNECTION_NAME = SettingSpec.string(DataSourceKeys.IMPORT_CONNECTION_NAME)
            .required().doc("the .connection file the bucket is read through").build();
    static final SettingSpec<String> IMPORT_BUCKET_URI = SettingSpec.string(DataSourceKeys.IMPORT_BUCKET_URI)
            .required().doc("the files to import, a glob under a bucket").build();
    static final SettingSpec<Schedule> IMPORT_SCHEDULE = SettingSpec.of(DataSourceKeys.IMPORT_SCHEDULE,
                    SettingType.of("@auto (new files every minute), @on-demand (when triggered) or @event (as the "
                            + "bucket's events arrive, with IMPORT_NOTIFICATIONS)", Schedule::parse))
            .required().doc("@auto imports new files every minute, @on-demand when triggered, @event as the "
                    + "bucket's events arrive").build();
    static final SettingSpec<String> IMPORT_STRATEGY = SettingSpec.of(DataSourceKeys.IMPORT_STRATEGY,
                    SettingType.of("APPEND: Pipit only appends new files and never deletes rows, so write APPEND or "
                            + "leave IMPORT_STRATEGY out", text -> text.equalsIgnoreCase("APPEND")
                                    ? Optional.of("APPEND") : Optional.empty()))
            .defaultValue("APPEND").doc("how new files change the table; Pipit appends").build();
    static final SettingSpec<String> IMPORT_FORMAT = SettingSpec.string(DataSourceKeys.IMPORT_FORMAT)
            .doc("the format of every file, instead of choosing by each file's extension").build();
    static final SettingSpec<Instant> IMPORT_FROM_TIMESTAMP = SettingSpec.of(DataSourceKeys.IMPORT_FROM_TIMESTAMP,
                    SettingType.of("an ISO-8601 time: write 2024-01-01T00:00:00Z, 2024-01-01 00:00:00 or 2024-01-01 "
                            + "(UTC)", Timestamps::parse))
            .doc("objects modified before it are skipped").build();
    static final SettingSpec<Boolean> IMPORT_LIST_AFTER_LAST_KEY = SettingSpec.bool(DataSourceKeys.IMPORT_LIST_AFTER_LAST_KEY)
            .defaultValue("false").doc("true lists only keys after the last one imported; false (the default) "
                    + "lists every key under the prefix").build();

    static final SettingSpec<String> IMPORT_ON_OVERWRITE = SettingSpec.oneOf(DataSourceKeys.IMPORT_ON_OVERWRITE,
                    "skip", "import")
            .defaultValue("skip").doc("skip leaves an imported object that was overwritten; import imports each new "
                    + "version once").build();

    static final SettingSpec<String> IMPORT_NOTIFICATIONS = SettingSpec.string(DataSourceKeys.IMPORT_NOTIFICATIONS)
            .doc("the queue the bucket's event notifications go to; runs then list the bucket only now and then")
            .build();
    static final Duration DEFAULT_BACKFILL_INTERVAL = Duration.ofHours(1);
    private static final Pattern BACKFILL_TEXT = Pattern.compile("(\\d{1,6})\\s*(s|m|h|d)?");
    static final SettingSpec<Duration> IMPORT_BACKFILL_INTERVAL = SettingSpec.of(
                    DataSourceKeys.IMPORT_BACKFILL_INTERVAL,
                    SettingType.of("a duration such as 30m, 1h or 1d, or 0 to list only at start-up and on triggers",
                            DataSourceSettings::backfillInterval))
            .defaultValue("1h").doc("with IMPORT_NOTIFICATIONS, how often a full listing catches lost events").build();

    static final SettingSpec<String> KAFKA_CONNECTION_NAME = SettingSpec.string(DataSourceKeys.KAFKA_CONNECTION_NAME)
            .required().doc("the .connection file of the brokers").build();
    static final SettingSpec<String> KAFKA_TOPIC = SettingSpec.string(DataSourceKeys.KAFKA_TOPIC)
            .required().doc("the topic to consume").build();
    static final SettingSpec<String> KAFKA_GROUP_ID = SettingSpec.string(DataSourceKeys.KAFKA_GROUP_ID)
            .required().doc("the consumer group every node consumes in").build();
    // Tinybird starts a new group at the end of the topic; so does Pipit.
    static final SettingSpec<String> KAFKA_AUTO_OFFSET_RESET = SettingSpec.oneOf(
                    DataSourceKeys.KAFKA_AUTO_OFFSET_RESET, "earliest", "latest")
            .defaultValue("latest").doc("where a new group starts").build();
    static final SettingSpec<Boolean> KAFKA_STORE_RAW_VALUE = flag(DataSourceKeys.KAFKA_STORE_RAW_VALUE,
            "whether the message's text is kept in __value");
    static final SettingSpec<Boolean> KAFKA_STORE_HEADERS = flag(DataSourceKeys.KAFKA_STORE_HEADERS,
            "whether the message's headers are kept in __headers");
    static final SettingSpec<Boolean> KAFKA_STORE_BINARY_HEADERS = flag(DataSourceKeys.KAFKA_STORE_BINARY_HEADERS,
            "whether header values are kept byte for byte, as Base64 in __headers");
    // No default: unset, the Kafka plugin decodes keys in the registry's wire format and leaves others as they are.
    static final SettingSpec<Boolean> KAFKA_KEY_AVRO_DESERIALIZATION = SettingSpec.bool(
                    DataSourceKeys.KAFKA_KEY_AVRO_DESERIALIZATION)
            .doc("true decodes keys as Avro through the schema registry, false keeps them as they are").build();
    static final SettingSpec<String> KAFKA_VALUE_FORMAT = messageFormat(DataSourceKeys.KAFKA_VALUE_FORMAT,
            "how message values are serialized");
    static final SettingSpec<String> KAFKA_KEY_FORMAT = messageFormat(DataSourceKeys.KAFKA_KEY_FORMAT,
            "how message keys are serialized");
    static final SettingSpec<String> KAFKA_TARGET_PARTITIONS = SettingSpec.of(DataSourceKeys.KAFKA_TARGET_PARTITIONS,
                    SettingType.of("auto or a positive number", DataSourceSettings::targetPartitions))
            .defaultValue("auto").doc("accepted for Tinybird projects").build();

    private DataSourceSettings() {}

    private static SettingSpec<Boolean> flag(String name, String doc) {
        return SettingSpec.bool(name).defaultValue("false").doc(doc).build();
    }

    /** Tinybird's three serializations; unset, the Kafka plugin asks the schema registry (if any) per message. */
    private static SettingSpec<String> messageFormat(String name, String doc) {
        return SettingSpec.oneOf(name, "avro", "json_with_schema", "json_without_schema").doc(doc).build();
    }

    private static Optional<Duration> backfillInterval(String text) {
        Matcher matcher = BACKFILL_TEXT.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(matcher.group(1));
        if (matcher.group(2) == null) {
            return amount == 0 ? Optional.of(Duration.ZERO) : Optional.empty();
        }
        return Optional.of(switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        });
    }

    private static Optional<String> targetPartitions(String text) {
        if (text.equalsIgnoreCase("auto")) {
            return Optional.of("auto");
        }
        return text.matches("[1-9][0-9]{0,5}") ? Optional.of(text) : Optional.empty();
    }
}
