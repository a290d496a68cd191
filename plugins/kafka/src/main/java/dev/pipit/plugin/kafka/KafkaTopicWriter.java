package dev.pipit.plugin.kafka;

import dev.pipit.spi.stream.StreamException;
import dev.pipit.spi.stream.TopicWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;

/**
 * A sink run's producer: idempotent with acknowledgement by every in-sync replica (see
 * {@link KafkaClientSettings#producer}), sending asynchronously and remembering the first failure, which the next
 * {@link #send} or the {@link #flush} then reports.
 */
final class KafkaTopicWriter implements TopicWriter {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final String location;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    KafkaTopicWriter(KafkaProducer<byte[], byte[]> producer, String connectionName, String topic) {
        this.producer = producer;
        this.topic = topic;
        this.location = "connection '" + connectionName + "': topic " + topic;
    }

    @Override
    public void send(byte[] key, byte[] value) {
        throwIfFailed();
        try {
            producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
            });
        } catch (KafkaException e) {
            throw KafkaErrors.translate(location + ": cannot send a message", e);
        }
    }

    @Override
    public void flush() {
        try {
            producer.flush();
        } catch (InterruptException e) {
            throw new StreamException(location + ": interrupted while waiting for the brokers' acknowledgements", e);
        }
        throwIfFailed();
    }

    private void throwIfFailed() {
        Exception error = failure.get();
        if (error instanceof KafkaException kafka) {
            throw KafkaErrors.translate(location + ": the brokers did not take a message", kafka);
        }
        if (error != null) {
            throw new StreamException(location + ": the brokers did not take a message: " + error, error);
        }
    }

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
    }
}
