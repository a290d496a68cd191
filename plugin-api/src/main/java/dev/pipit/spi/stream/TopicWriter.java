package dev.pipit.spi.stream;

/**
 * Messages being produced to one topic, for a sink pipe that exports to a stream. Sending may return before the
 * broker has the message; only {@link #flush()} says every message arrived. Not thread-safe: the core calls it
 * from one thread, and closes it once.
 *
 * <p>Failures are {@link StreamException}s with their category; a message must name the connection and the
 * topic, never a credential.
 */
public interface TopicWriter extends AutoCloseable {
    /**
     * Sends one message. May block while the client's buffer is full, so memory stays bounded.
     *
     * @param key the message's key, or {@code null} for none
     * @throws StreamException when an earlier message already failed, or the client gives up
     */
    void send(byte[] key, byte[] value);

    /**
     * Waits until every message sent so far is acknowledged by the brokers (all in-sync replicas).
     *
     * @throws StreamException naming the first failure when any message was not acknowledged
     */
    void flush();

    /** Releases the client; messages not flushed may be lost. */
    @Override
    void close();
}
