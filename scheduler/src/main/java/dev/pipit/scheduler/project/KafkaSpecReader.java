package dev.pipit.scheduler.project;

import static dev.pipit.scheduler.project.DataSourceKeys.KAFKA_AUTO_OFFSET_RESET;
import static dev.pipit.scheduler.project.DataSourceKeys.KAFKA_GROUP_ID;
import static dev.pipit.scheduler.project.DataSourceKeys.KAFKA_KEY_AVRO_DESERIALIZATION;
import static dev.pipit.scheduler.project.DataSourceKeys.KAFKA_KEY_FORMAT;
import static dev.pipit.scheduler.project.DataSourceKeys.KAFKA_STORE_BINARY_HEADERS;
import static dev.pipit.scheduler.project.DataSourceKeys.KAFKA_STORE_HEADERS;
import static dev.pipit.scheduler.project.DataSourceKeys.KAFKA_STORE_RAW_VALUE;
import static dev.pipit.scheduler.project.DataSourceKeys.KAFKA_TARGET_PARTITIONS;
import static dev.pipit.scheduler.project.DataSourceKeys.KAFKA_TOPIC;
import static dev.pipit.scheduler.project.DataSourceKeys.KAFKA_VALUE_FORMAT;

import java.util.List;
import java.util.Optional;

/**
 * Reads and checks the {@code KAFKA_*} settings of a data source fed from a topic. An optional setting written
 * with an empty value ({@code KAFKA_KEY_AVRO_DESERIALIZATION ''}) counts as not set, as in Tinybird.
 */
final class KafkaSpecReader {
    /** Tinybird's serialization formats; the Kafka plugin decodes each one. */
    private static final String[] FORMATS = {"avro", "json_with_schema", "json_without_schema"};

    private KafkaSpecReader() {}

    /**
     * The topic settings, or empty after reporting why they are wrong.
     *
     * @param reference the already checked {@code KAFKA_CONNECTION_NAME}
     */
    static Optional<KafkaSpec> read(SettingValues written, Setting reference, List<Diagnostic> problems) {
        int before = problems.size();
        SettingValues values = written.blankAsUnset();
        String topic = values.required(KAFKA_TOPIC, reference.location(), "topic_name");
        String groupId = values.required(KAFKA_GROUP_ID, reference.location(), "consumer_group_name");
        // Tinybird starts a new group at the end of the topic; so does Pipit.
        String autoOffsetReset = values.choice(KAFKA_AUTO_OFFSET_RESET, "latest", "earliest", "latest");
        boolean storeRawValue = values.flag(KAFKA_STORE_RAW_VALUE);
        boolean storeHeaders = values.flag(KAFKA_STORE_HEADERS);
        values.flag(KAFKA_STORE_BINARY_HEADERS);
        values.flag(KAFKA_KEY_AVRO_DESERIALIZATION);
        values.choice(KAFKA_VALUE_FORMAT, null, FORMATS);
        values.choice(KAFKA_KEY_FORMAT, null, FORMATS);
        String targetPartitions = targetPartitions(values, problems);
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new KafkaSpec(reference.value().strip(), topic.strip(), groupId.strip(), autoOffsetReset,
                storeRawValue, storeHeaders, targetPartitions, reference.location()));
    }

    private static String targetPartitions(SettingValues values, List<Diagnostic> problems) {
        Optional<Setting> setting = values.get(KAFKA_TARGET_PARTITIONS);
        if (setting.isEmpty()) {
            return "auto";
        }
        String value = setting.get().value().strip();
        if (value.equalsIgnoreCase("auto")) {
            return "auto";
        }
        if (!value.matches("[1-9][0-9]{0,5}")) {
            problems.add(Diagnostic.error(setting.get().location(), "KAFKA_TARGET_PARTITIONS must be auto or a "
                    + "positive number" + SettingValues.found(setting.get())));
        }
        return value;
    }
}
