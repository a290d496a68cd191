package dev.pipit.scheduler.project;

import static dev.pipit.scheduler.project.DataSourceSettings.KAFKA_AUTO_OFFSET_RESET;
import static dev.pipit.scheduler.project.DataSourceSettings.KAFKA_GROUP_ID;
import static dev.pipit.scheduler.project.DataSourceSettings.KAFKA_KEY_AVRO_DESERIALIZATION;
import static dev.pipit.scheduler.project.DataSourceSettings.KAFKA_KEY_FORMAT;
import static dev.pipit.scheduler.project.DataSourceSettings.KAFKA_STORE_BINARY_HEADERS;
import static dev.pipit.scheduler.project.DataSourceSettings.KAFKA_STORE_HEADERS;
import static dev.pipit.scheduler.project.DataSourceSettings.KAFKA_STORE_RAW_VALUE;
import static dev.pipit.scheduler.project.DataSourceSettings.KAFKA_TARGET_PARTITIONS;
import static dev.pipit.scheduler.project.DataSourceSettings.KAFKA_TOPIC;
import static dev.pipit.scheduler.project.DataSourceSettings.KAFKA_VALUE_FORMAT;

import java.util.List;
import java.util.Optional;

/**
 * Reads and checks the {@code KAFKA_*} settings of a data source fed from a topic. An optional setting written
 * with an empty value ({@code KAFKA_KEY_AVRO_DESERIALIZATION ''}) counts as not set, as in Tinybird.
 */
final class KafkaSpecReader {
    private KafkaSpecReader() {}

    /**
     * The topic settings, or empty after reporting why they are wrong.
     *
     * @param reference the already checked {@code KAFKA_CONNECTION_NAME}
     */
    static Optional<KafkaSpec> read(SettingReader values, Setting reference, List<Diagnostic> problems) {
        int before = problems.size();
        String topic = values.required(KAFKA_TOPIC, reference.location(), "topic_name");
        String groupId = values.required(KAFKA_GROUP_ID, reference.location(), "consumer_group_name");
        String autoOffsetReset = values.value(KAFKA_AUTO_OFFSET_RESET);
        boolean storeRawValue = Boolean.TRUE.equals(values.value(KAFKA_STORE_RAW_VALUE));
        boolean storeHeaders = Boolean.TRUE.equals(values.value(KAFKA_STORE_HEADERS));
        values.value(KAFKA_STORE_BINARY_HEADERS);
        values.value(KAFKA_KEY_AVRO_DESERIALIZATION);
        values.value(KAFKA_VALUE_FORMAT);
        values.value(KAFKA_KEY_FORMAT);
        String targetPartitions = values.value(KAFKA_TARGET_PARTITIONS);
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new KafkaSpec(reference.value().strip(), topic.strip(), groupId.strip(), autoOffsetReset,
                storeRawValue, storeHeaders, targetPartitions, reference.location()));
    }
}
