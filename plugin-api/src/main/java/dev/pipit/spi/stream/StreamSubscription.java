package dev.pipit.spi.stream;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * What a data source consumes.
 *
 * @param topic the topic
 * @param groupId the consumer group, shared by every node that consumes the data source
 * @param startAtEarliest where a partition starts when neither the core nor the group has an offset for it:
 *     {@code true} for its first message, {@code false} for its end
 * @param maxBatchRecords the most records one {@link RecordStream#poll} returns
 * @param partitions told when partitions come and go, so that the core can place each one at its stored offset
 * @param settings the data source's own settings for the stream ({@code KAFKA_VALUE_FORMAT}, ...), keyed by
 *     upper-case name, as checked by the core; unset ones (an empty value included) are absent
 */
public record StreamSubscription(
        String topic, String groupId, boolean startAtEarliest, int maxBatchRecords, PartitionListener partitions,
        Map<String, String> settings) {
    public StreamSubscription {
        requireNonNull(topic, "topic is null");
        requireNonNull(groupId, "groupId is null");
        requireNonNull(partitions, "partitions is null");
        settings = Map.copyOf(requireNonNull(settings, "settings is null"));
        if (maxBatchRecords < 1) {
            throw new IllegalArgumentException("maxBatchRecords must be at least 1: " + maxBatchRecords);
        }
    }

    /** The value of a data source setting, or {@code null} when it is not set. */
    public String setting(String name) {
        return settings.get(name);
    }
}
