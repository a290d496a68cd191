package dev.pipit.plugin.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The forms IMPORT_NOTIFICATIONS takes, and where each sends its requests. */
class SqsQueueTest {
    @Test
    void anAwsQueueUrlCarriesItsRegionAndEndpoint() {
        SqsQueue queue = SqsQueue.parse(" https://sqs.eu-west-1.amazonaws.com/123456789012/landing-events/ ");

        assertThat(queue.written()).isEqualTo("https://sqs.eu-west-1.amazonaws.com/123456789012/landing-events");
        assertThat(queue.region("us-east-1")).isEqualTo("eu-west-1");
        assertThat(queue.endpoint("us-east-1")).isEqualTo(URI.create("https://sqs.eu-west-1.amazonaws.com"));
        assertThat(queue.arn("us-east-1")).isEqualTo("arn:aws:sqs:eu-west-1:123456789012:landing-events");
    }

    @Test
    void theShortFormLiesInTheConnectionsRegionAndAnotherServersUrlIsItsOwnEndpoint() {
        SqsQueue shortForm = SqsQueue.parse("SQS://123456789012/events.fifo");
        assertThat(shortForm.written()).isEqualTo("sqs://123456789012/events.fifo");
        assertThat(shortForm.url("ca-central-1"))
                .isEqualTo(URI.create("https://sqs.ca-central-1.amazonaws.com/123456789012/events.fifo"));

        SqsQueue local = SqsQueue.parse("http://127.0.0.1:9324/000000000000/events");
        assertThat(local.endpoint("us-east-1")).isEqualTo(URI.create("http://127.0.0.1:9324"));
        assertThat(local.region("us-east-1")).isEqualTo("us-east-1");
    }

    @Test
    void anythingElseSaysWhatToWrite() {
        for (String wrong : new String[] {"landing-events", "sqs://landing-events", "ftp://host/1/q",
                "https://sqs.eu-west-1.amazonaws.com/q", "https://user:pw@host/1/q", "https://host/1/q?x=1"}) {
            assertThatIllegalArgumentException().isThrownBy(() -> SqsQueue.parse(wrong))
                    .withMessageStartingWith("IMPORT_NOTIFICATIONS must be an SQS queue URL such as https://sqs.");
        }
    }
}
