package dev.pipit.plugin.kafka;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.stream.PartitionListener;
import dev.pipit.spi.stream.RecordStream;
import dev.pipit.spi.stream.StreamException;
import dev.pipit.spi.stream.StreamRecord;
import dev.pipit.spi.stream.StreamSubscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * One {@link KafkaConsumer} subscribed to one topic, its messages decoded as the data source's formats say. On
 * assignment it seeks each partition to the offset the core stored; partitions the core knows nothing of keep the
 * consumer's own start (the group's committed offset, then {@code auto.offset.reset}).
 */
final class KafkaRecordStream implements RecordStream {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final MessageDecoding decoding;
    private final String topic;
    /** The broker's refusal of an earlier commit, answered in a poll (on this consumer's thread) since. */
    private KafkaException lastRefusal;

    KafkaRecordStream(KafkaConsumer<byte[], byte[]> consumer, MessageDecoding decoding,
            StreamSubscription subscription) {
        this.consumer = requireNonNull(consumer, "consumer is null");
        this.decoding = requireNonNull(decoding, "decoding is null");
        this.topic = subscription.topic();
        consumer.subscribe(List.of(topic), new Placement(subscription.partitions()));
    }

    @Override
    public List<StreamRecord> poll(Duration timeout) {
        try {
            ConsumerRecords<byte[], byte[]> polled = consumer.poll(timeout);
            List<StreamRecord> batch = new ArrayList<>();
            try {
                for (ConsumerRecord<byte[], byte[]> record : polled) {
                    batch.add(decoding.decodeLater(record));
                }
            } catch (StreamException e) {
                // No message is at fault (the schema registry is away): the next poll hands the same ones again.
                rewind(polled);
                throw e;
            }
            return batch;
        } catch (WakeupException e) {
            return List.of();
        } catch (KafkaException e) {
            throw KafkaErrors.translate("cannot read topic " + topic, e);
        }
    }

    private void rewind(ConsumerRecords<byte[], byte[]> polled) {
        for (TopicPartition partition : polled.partitions()) {
            consumer.seek(partition, polled.records(partition).get(0).offset());
        }
    }

    /**
     * Sends the offsets without waiting for the broker's answer, which a later poll receives: waiting for it took a
     * tenth of a busy stream's time, for a copy only tools read (the core's offsets are in its database). A refusal
     * is reported by the next call.
     */
    @Override
    public void commit(Map<Integer, Long> nextOffsets) {
        KafkaException refused = lastRefusal;
        lastRefusal = null;
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        nextOffsets.forEach((partition, offset) -> offsets.put(new TopicPartition(topic, partition),
                new OffsetAndMetadata(offset)));
        try {
            consumer.commitAsync(offsets, (committed, failure) -> {
                if (failure != null) {
                    lastRefusal = failure instanceof KafkaException kafka ? kafka : new KafkaException(failure);
                }
            });
        } catch (WakeupException e) {
            // Closing: the next consumer of the group starts from the core's offsets anyway.
        } catch (KafkaException e) {
            throw KafkaErrors.translate("cannot commit offsets of topic " + topic, e);
        }
        if (refused != null) {
            throw KafkaErrors.translate("cannot commit offsets of topic " + topic, refused);
        }
    }

    @Override
    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close();
    }

    /** Hands partition changes to the core and seeks to the offsets it returns. */
    private final class Placement implements ConsumerRebalanceListener {
        private final PartitionListener listener;

        Placement(PartitionListener listener) {
            this.listener = listener;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Map<Integer, Long> stored = listener.assigned(numbers(partitions));
            stored.forEach((partition, offset) -> consumer.seek(new TopicPartition(topic, partition), offset));
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                listener.revoked(numbers(partitions));
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }

        private Set<Integer> numbers(Collection<TopicPartition> partitions) {
            return partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
        }
    }
}
