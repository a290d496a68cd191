package dev.pipit.spi.stream;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * One message of a stream. The core decodes the value as one JSON object; a connector whose topics hold another
 * encoding (Avro through a schema registry) hands the value over already re-encoded as JSON text, or says in
 * {@code error} why the message cannot be.
 *
 * @param topic the topic it came from
 * @param partition its partition
 * @param offset its offset in the partition
 * @param timestamp the broker's or the producer's timestamp, whichever the topic keeps
 * @param key the key's bytes, or {@code null} for a message without key
 * @param value the value's bytes, or {@code null} for a tombstone
 * @param headers the headers in the order the producer wrote them
 * @param error why the connector could not decode the message (an unknown schema id, corrupt bytes), or
 *     {@code null}; the core quarantines such a message with this reason and goes on.
 */
public record StreamRecord(
        String topic, int partition, long offset, Instant timestamp, byte[] key, byte[] value,
        List<StreamHeader> headers, String error) {
    public StreamRecord {
        requireNonNull(topic, "topic is null");
        requireNonNull(timestamp, "timestamp is null");
        headers = List.copyOf(requireNonNull(headers, "headers is null"));
    }
}
