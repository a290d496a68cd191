package dev.pipit.spi.connector;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * A queue of bucket notifications (an SQS queue that S3 event notifications go to), opened by
 * {@link ConnectorFactory#openNotifications}. The core calls it from one thread: it receives, records what the
 * messages report in the ledger, and acknowledges each message only after that commit, so a crash between the two
 * delivers the message again, which the ledger absorbs.
 *
 * <p>Errors: a queue that cannot be reached or answers with a server error throws
 * {@link dev.pipit.spi.error.RetriableException}; refused credentials or a queue that does not exist throw
 * {@link dev.pipit.spi.error.ConfigurationException}. The core keeps polling either way, with a growing pause.
 * Messages name the connection and the queue, never a credential.
 *
 */
public interface NotificationSource extends AutoCloseable {
    /**
     * Waits up to {@code wait} for messages and returns those that arrived (several at once when they do); empty
     * when none did. A message comes back after the queue's visibility timeout unless it is acknowledged.
     */
    List<Notification> receive(Duration wait) throws IOException;

    /** Deletes handled messages from the queue, so they are not delivered again. */
    void acknowledge(List<Notification> handled) throws IOException;

    /** About how many messages wait in the queue, for {@code status}; empty when the queue does not say. */
    default OptionalLong backlog() throws IOException {
        return OptionalLong.empty();
    }

    /** Releases the client. Called once, from the thread that received; nothing is called after it. */
    @Override
    void close() throws IOException;
}
