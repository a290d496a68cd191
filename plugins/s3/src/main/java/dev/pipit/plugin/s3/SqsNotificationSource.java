package dev.pipit.plugin.s3;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.connector.Notification;
import dev.pipit.spi.connector.NotificationSource;
import dev.pipit.spi.error.ConfigurationException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Long-polls one SQS queue with a connection's credentials. Up to ten messages come back per request (SQS's
 * limit), and are deleted in one batch once the core has recorded them.
 */
final class SqsNotificationSource implements NotificationSource {
    /** SQS waits at most 20 s for a long poll. */
    private static final int MAX_WAIT_SECONDS = 20;
    private static final int MAX_MESSAGES = 10;

    private final String connectionName;
    private final S3Clients.QueueConnection connection;
    private final String queueUrl;
    private final Duration readTimeout;
    private final S3Errors errors;

    private SqsNotificationSource(String connectionName, S3Clients.QueueConnection connection, String queueUrl,
            Duration readTimeout) {
        this.connectionName = requireNonNull(connectionName, "connectionName is null");
        this.connection = requireNonNull(connection, "connection is null");
        this.queueUrl = requireNonNull(queueUrl, "queueUrl is null");
        this.readTimeout = requireNonNull(readTimeout, "readTimeout is null");
        this.errors = new S3Errors(connectionName, new S3ApiNaming("sqs", "SQS",
                S3ApiNaming.S3.credentialsHint() + "; the identity needs sqs:ReceiveMessage, sqs:DeleteMessage and "
                        + "sqs:GetQueueAttributes on the queue"));
    }

    static SqsNotificationSource open(String connectionName, S3Settings settings, SqsQueue queue) {
        return new SqsNotificationSource(connectionName, S3Clients.connectQueue(connectionName, settings, queue),
                queue.url(settings.region()).toString(), settings.readTimeout());
    }

    @Override
    public List<Notification> receive(Duration wait) throws IOException {
        List<Message> messages;
        try {
            messages = connection.sqs().receiveMessage(request -> request
                    .queueUrl(queueUrl)
                    .maxNumberOfMessages(MAX_MESSAGES)
                    .waitTimeSeconds(waitSeconds(wait)))
                    .messages();
        } catch (SdkException e) {
            throw failure(e);
        }
        List<Notification> notifications = new ArrayList<>(messages.size());
        for (Message message : messages) {
            notifications.add(S3EventMessages.read(message.messageId(), message.receiptHandle(), message.body()));
        }
        return notifications;
    }

    /** A long poll must end before the read timeout takes it for a stalled connection. */
    private int waitSeconds(Duration wait) {
        long limit = Math.max(0, readTimeout.toSeconds() / 2);
        return (int) Math.min(Math.min(wait.toSeconds(), MAX_WAIT_SECONDS), limit);
    }

    @Override
    public void acknowledge(List<Notification> handled) throws IOException {
        for (int from = 0; from < handled.size(); from += MAX_MESSAGES) {
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            List<Notification> batch = handled.subList(from, Math.min(handled.size(), from + MAX_MESSAGES));
            for (int i = 0; i < batch.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder()
                        .id(Integer.toString(i))
                        .receiptHandle(batch.get(i).receipt())
                        .build());
            }
            DeleteMessageBatchResponse response;
            try {
                response = connection.sqs().deleteMessageBatch(request -> request.queueUrl(queueUrl).entries(entries));
            } catch (SdkException e) {
                throw failure(e);
            }
            if (response.hasFailed() && !response.failed().isEmpty()) {
                // The messages come back after the visibility timeout; the ledger has them already.
                throw new IOException("connection '" + connectionName + "': SQS did not delete "
                        + response.failed().size() + " of " + entries.size() + " messages from " + queueUrl + " ("
                        + response.failed().get(0).code() + "); they will be delivered again");
            }
        }
    }

    @Override
    public OptionalLong backlog() throws IOException {
        try {
            String waiting = connection.sqs().getQueueAttributes(request -> request
                    .queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    .attributes()
                    .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
            return waiting == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(waiting));
        } catch (SdkException e) {
            throw failure(e);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private IOException failure(SdkException error) {
        if (error instanceof AwsServiceException service && isMissingQueue(service)) {
            return new ConfigurationException("connection '" + connectionName + "': the queue " + queueUrl
                    + " does not exist (check IMPORT_NOTIFICATIONS)", error);
        }
        IOException translated = errors.translate(error, queueUrl);
        return translated instanceof FileNotFoundException
                ? new ConfigurationException(translated.getMessage(), error)
                : translated;
    }

    private static boolean isMissingQueue(AwsServiceException error) {
        String code = error.awsErrorDetails() == null ? null : error.awsErrorDetails().errorCode();
        return code != null && (code.equals("AWS.SimpleQueueService.NonExistentQueue") || code.equals("QueueDoesNotExist")
                || code.endsWith("NonExistentQueue"));
    }

    @Override
    public void close() {
        connection.close();
    }
}
