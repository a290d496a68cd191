package dev.pipit.scheduler.project;

import static java.util.Objects.requireNonNull;

/**
 * The {@code KAFKA_*} settings of a data source fed from a topic.
 *
 * @param connectionName {@code KAFKA_CONNECTION_NAME}
 * @param topic {@code KAFKA_TOPIC}
 * @param groupId {@code KAFKA_GROUP_ID}
 * @param autoOffsetReset {@code earliest} or {@code latest}, lower case; used only when no offset is stored
 * @param storeRawValue {@code KAFKA_STORE_RAW_VALUE}: keep the message in {@code __value}
 * @param storeHeaders {@code KAFKA_STORE_HEADERS}: keep the headers in {@code __headers}
 * @param targetPartitions {@code KAFKA_TARGET_PARTITIONS} as written ({@code auto} or a number)
 * @param location the {@code KAFKA_CONNECTION_NAME} line
 */
public record KafkaSpec(
        String connectionName,
        String topic,
        String groupId,
        String autoOffsetReset,
        boolean storeRawValue,
        boolean storeHeaders,
        String targetPartitions,
        Location location) {
    public KafkaSpec {
        requireNonNull(connectionName, "connectionName is null");
        requireNonNull(topic, "topic is null");
        requireNonNull(groupId, "groupId is null");
        requireNonNull(autoOffsetReset, "autoOffsetReset is null");
        requireNonNull(targetPartitions, "targetPartitions is null");
        requireNonNull(location, "location is null");
    }
}
