package dev.pipit.testkit.sqs;

import dev.pipit.testkit.net.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A real SQS-compatible server in this JVM: ElasticMQ's Pekko HTTP server on a loopback port, queues in memory. It
 * checks no signature, so any key signs. {@link #stop()} and {@link #restart()} make the queue unreachable for a
 * while and bring the server back on the same port, empty, as a queue that lost its messages would be.
 */
public final class ElasticMq implements AutoCloseable {
    public static final String ACCOUNT = "000000000000";
    public static final String REGION = "us-east-1";

    private final int port;
    private final SqsClient admin;
    private SQSRestServer server;

    private ElasticMq(int port) {
        this.port = port;
        this.admin = SqsClient.builder()
                .region(Region.of(REGION))
                .endpointOverride(endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("admin", "admin")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    public static ElasticMq start() throws IOException {
        ElasticMq elasticMq = new ElasticMq(FreePorts.one());
        elasticMq.restart();
        return elasticMq;
    }

    /** Starts the server again on its port after {@link #stop()}; its queues are gone. */
    public synchronized void restart() {
        if (server != null) {
            return;
        }
        server = SQSRestServerBuilder.withInterface("127.0.0.1")
                .withPort(port)
                .withServerAddress(new NodeAddress("http", "127.0.0.1", port, ""))
                .withAWSAccountId(ACCOUNT)
                .withAWSRegion(REGION)
                .start();
        server.waitUntilStarted();
    }

    /** Stops the server: requests to its port are refused until {@link #restart()}. */
    public synchronized void stop() {
        if (server != null) {
            server.stopAndWait();
            server = null;
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /**
     * Creates a queue and returns its URL, as {@code IMPORT_NOTIFICATIONS} names it.
     *
     * @param visibilityTimeout how long a received message stays hidden before it is delivered again
     */
    public String createQueue(String name, Duration visibilityTimeout) {
        return admin.createQueue(request -> request.queueName(name).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(visibilityTimeout.toSeconds()))))
                .queueUrl();
    }

    public void send(String queueUrl, String body) {
        admin.sendMessage(request -> request.queueUrl(queueUrl).messageBody(body));
    }

    /** Messages in the queue, visible or received and not yet deleted. */
    public long messages(String queueUrl) {
        Map<QueueAttributeName, String> attributes = admin.getQueueAttributes(request -> request.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Override
    public void close() {
        admin.close();
        stop();
    }
}
