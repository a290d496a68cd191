package dev.pipit.spi.stream;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.format.SourceRow;
import java.time.Instant;
import java.util.List;

/**
 * One message of a stream. The core decodes the value as one JSON object; a connector whose topics hold another
 * encoding (Avro through a schema registry) hands the value over as a {@code decoded} record, or says in
 * {@code error} why the message cannot be decoded.
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
 * @param decoded the value's members as the connector decodes them from an encoding of its own, or {@code null}
 *     for the core to read {@code value} as one JSON object. Its values are those the same data would have as a
 *     JSON message, its {@link SourceRow#error()} says why the bytes could not be decoded, and its
 *     {@link SourceRow#rawText()} is the value as JSON text ({@code __value}, a {@code $} path). It may decode the
 *     bytes when first asked, on the asking thread: the core asks from its decoding threads, so a batch's values
 *     decode in parallel, and from one thread at a time. {@code value} then holds the bytes as they came.
 */
public record StreamRecord(
        String topic, int partition, long offset, Instant timestamp, byte[] key, byte[] value,
        List<StreamHeader> headers, String error, SourceRow decoded) {
    public StreamRecord {
        requireNonNull(topic, "topic is null");
        requireNonNull(timestamp, "timestamp is null");
        headers = List.copyOf(requireNonNull(headers, "headers is null"));
    }

    /** A message whose value, if any, the core reads as one JSON object. */
    public StreamRecord(String topic, int partition, long offset, Instant timestamp, byte[] key, byte[] value,
            List<StreamHeader> headers, String error) {
        this(topic, partition, offset, timestamp, key, value, headers, error, null);
    }
}
