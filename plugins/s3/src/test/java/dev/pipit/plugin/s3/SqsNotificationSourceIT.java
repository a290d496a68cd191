package dev.pipit.plugin.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.pipit.spi.connector.ConnectorContext;
import dev.pipit.spi.connector.Notification;
import dev.pipit.spi.connector.NotificationSource;
import dev.pipit.spi.error.ConfigurationException;
import dev.pipit.spi.error.RetriableException;
import dev.pipit.testkit.sqs.ElasticMq;
import dev.pipit.testkit.sqs.S3Events;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SQS source against a real SQS-compatible server (ElasticMQ in this JVM), opened as the daemon opens it. */
class SqsNotificationSourceIT {
    private static ElasticMq sqs;

    @BeforeAll
    static void startServer() throws Exception {
        sqs = ElasticMq.start();
    }

    @AfterAll
    static void stopServer() {
        sqs.close();
    }

    @Test
    void receivesEventsAndDeletesOnlyWhatWasAcknowledged() throws Exception {
        String queue = sqs.createQueue("received", Duration.ofSeconds(30));
        sqs.send(queue, S3Events.created("landing", "a.csv", 3, "e1", Instant.parse("2024-01-01T00:00:00Z")));
        sqs.send(queue, "not an event");
        try (NotificationSource source = open(queue)) {
            List<Notification> received = receiveAtLeast(source, 2);

            assertThat(received).extracting(Notification::kind)
                    .containsExactlyInAnyOrder(Notification.Kind.OBJECTS_CREATED, Notification.Kind.MALFORMED);
            source.acknowledge(received.stream().filter(n -> n.kind() != Notification.Kind.MALFORMED).toList());
            assertThat(sqs.messages(queue)).isEqualTo(1);
            assertThat(source.backlog()).hasValue(0);
        }
    }

    @Test
    void anUnreachableServerIsRetriableAndAMissingQueueIsConfiguration() {
        String missing = sqs.endpoint() + "/" + ElasticMq.ACCOUNT + "/no-such-queue";
        try (NotificationSource source = open(missing)) {
            assertThatExceptionOfType(ConfigurationException.class)
                    .isThrownBy(() -> source.receive(Duration.ofSeconds(1)))
                    .withMessageContaining("no-such-queue").withMessageContaining("IMPORT_NOTIFICATIONS");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        try (NotificationSource source = open("http://127.0.0.1:1/" + ElasticMq.ACCOUNT + "/q")) {
            assertThatExceptionOfType(RetriableException.class).isThrownBy(() -> source.receive(Duration.ofSeconds(1)))
                    .withMessageContaining("connection 'landing_s3'");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<Notification> receiveAtLeast(NotificationSource source, int count) throws Exception {
        List<Notification> received = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (received.size() < count && System.nanoTime() < deadline) {
            received.addAll(source.receive(Duration.ofSeconds(1)));
        }
        return received;
    }

    private static NotificationSource open(String queue) {
        return S3ConnectorFactory.withKeys().openNotifications(new ConnectorContext("landing_s3", Map.of(
                "S3_REGION", ElasticMq.REGION, "S3_ACCESS_KEY", "AKIAEXAMPLE", "S3_SECRET", "secret",
                "S3_CONNECT_TIMEOUT", "2s", "S3_READ_TIMEOUT", "60s", "S3_MAX_ATTEMPTS", "1",
                "S3_PATH_STYLE", "false")), queue);
    }
}
