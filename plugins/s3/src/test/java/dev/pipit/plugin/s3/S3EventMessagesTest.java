package dev.pipit.plugin.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.spi.connector.Notification;
import dev.pipit.spi.connector.Notification.Kind;
import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.testkit.sqs.S3Events;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The three shapes AWS delivers S3 events in, and what is ignored or malformed. */
class S3EventMessagesTest {
    private static final Instant TIME = Instant.parse("2024-03-01T10:15:30.123Z");
    private static final ObjectRef EXPECTED =
            new ObjectRef("landing", "in/day=01/red flower+1.csv", 1024, TIME, "d41d8cd98f00b204e9800998ecf8427e");

    @Test
    void readsAnEventNotificationSentDirectlyDecodingItsKey() {
        Notification read = read(S3Events.created("landing", EXPECTED.key(), 1024, EXPECTED.etag(), TIME));

        assertThat(read.kind()).isEqualTo(Kind.OBJECTS_CREATED);
        assertThat(read.created()).containsExactly(EXPECTED);
    }

    @Test
    void readsTheSameWrappedBySns() {
        Notification read = read(S3Events.snsWrapped(
                S3Events.created("landing", EXPECTED.key(), 1024, EXPECTED.etag(), TIME)));

        assertThat(read.created()).containsExactly(EXPECTED);
    }

    @Test
    void readsAnEventBridgeEventWhoseKeyIsNotEncoded() {
        Notification read = read(S3Events.eventBridge("landing", EXPECTED.key(), 1024, EXPECTED.etag(),
                Instant.parse("2024-03-01T10:15:30Z")));

        assertThat(read.created()).containsExactly(new ObjectRef("landing", EXPECTED.key(), 1024,
                Instant.parse("2024-03-01T10:15:30Z"), EXPECTED.etag()));
    }

    @Test
    void ignoresTestEventsRemovalsAndOtherEventBridgeEvents() {
        assertThat(read(S3Events.testEvent("landing")).kind()).isEqualTo(Kind.IGNORED);
        Notification removal = read(S3Events.direct("ObjectRemoved:Delete", "landing", "a.csv", 0, "", TIME));
        assertThat(removal.kind()).isEqualTo(Kind.IGNORED);
        assertThat(removal.detail()).contains("ObjectRemoved:Delete");
        String deleted = S3Events.eventBridge("landing", "a.csv", 1, "x", TIME)
                .replace("Object Created", "Object Deleted");
        assertThat(read(deleted).kind()).isEqualTo(Kind.IGNORED);
    }

    @Test
    void aMessageThatIsNoS3EventOrLacksWhatTheLedgerNeedsIsMalformed() {
        assertThat(read("not json").kind()).isEqualTo(Kind.MALFORMED);
        assertThat(read("{\"hello\":\"world\"}").kind()).isEqualTo(Kind.MALFORMED);
        String withoutSize = S3Events.created("landing", "a.csv", 7, "x", TIME).replace("\"size\":7,", "");
        assertThat(read(withoutSize).kind()).isEqualTo(Kind.MALFORMED);
        assertThat(read(S3Events.snsWrapped("{broken")).kind()).isEqualTo(Kind.MALFORMED);
    }

    private static Notification read(String body) {
        return S3EventMessages.read("m-1", "receipt-1", body);
    }
}
