package dev.pipit.plugin.kafka;

import dev.pipit.spi.stream.StreamRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a topic's first messages to show them. The consumer is assigned the partitions and seeks to their start,
 * rather than subscribing: it joins no group, so the data source's consumers are not rebalanced, and it commits
 * nothing (the consumer has no group id to commit for).
 */
final class KafkaSampler {
    private KafkaSampler() {}

    /**
     * @param partitions the topic's partitions, which the caller has already asked the broker for
     * @param decoding how the consumers decode the messages, so that Avro values are sampled as the JSON they store
     */
    static List<StreamRecord> sample(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
            MessageDecoding decoding, int maxRecords, Duration timeout) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        List<StreamRecord> sampled = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        while (sampled.size() < maxRecords) {
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.isNegative() || left.isZero() || !sampled.isEmpty() && reachedTheEnd(consumer, partitions)) {
                break;
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(left)) {
                if (sampled.size() < maxRecords) {
                    sampled.add(decoding.decode(record));
                }
            }
        }
        return sampled;
    }

    /**
     * Whether every partition has been read to its end: with messages in hand, waiting longer only waits for new
     * ones. An empty topic is waited on until the timeout, for its first message.
     */
    private static boolean reachedTheEnd(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
        var ends = consumer.endOffsets(partitions);
        return partitions.stream().allMatch(partition -> consumer.position(partition) >= ends.get(partition));
    }
}
