package dev.pipit.scheduler.project;

import static java.util.Objects.requireNonNull;

/**
 * Where a Kafka sink pipe produces: Tinybird's {@code EXPORT_CONNECTION_NAME} (a stream connection) and
 * {@code EXPORT_KAFKA_TOPIC}. Each result row becomes one JSON message.
 */
public record TopicSinkSpec(String connection, String topic) {
    public TopicSinkSpec {
        requireNonNull(connection, "connection is null");
        requireNonNull(topic, "topic is null");
    }
}
