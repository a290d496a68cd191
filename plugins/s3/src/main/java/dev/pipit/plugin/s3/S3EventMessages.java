package dev.pipit.plugin.s3;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipit.spi.connector.Notification;
import dev.pipit.spi.connector.ObjectRef;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the body of an SQS message that carries S3 events, in the three shapes AWS delivers them: an S3 event
 * notification ({@code {"Records": [...]}}) sent to the queue directly, the same wrapped by SNS (its
 * {@code Message} field, unless the subscription delivers raw messages, which is the direct shape), and an
 * EventBridge event ({@code "source": "aws.s3"}) that a rule sends to the queue.
 *
 * <p>A message is {@link Notification.Kind#MALFORMED} as a whole when any of its object-created records lacks what
 * the ledger needs (bucket, key, size, time): acknowledging the rest would lose that record for good, whereas the
 * queue's redrive policy keeps the whole message for a person to look at.
 */
final class S3EventMessages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private S3EventMessages() {}

    static Notification read(String id, String receipt, String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            return Notification.malformed(id, receipt, "the message is not JSON");
        }
        if (root == null || !root.isObject()) {
            return Notification.malformed(id, receipt, "the message is not a JSON object");
        }
        if (root.hasNonNull("TopicArn") && root.hasNonNull("Type")) {
            return fromSns(id, receipt, root);
        }
        return fromEvent(id, receipt, root);
    }

    private static Notification fromSns(String id, String receipt, JsonNode envelope) {
        String type = envelope.get("Type").asText();
        if (!type.equals("Notification")) {
            return Notification.ignored(id, receipt, "an SNS " + type + " message");
        }
        JsonNode message = envelope.get("Message");
        if (message == null || !message.isTextual()) {
            return Notification.malformed(id, receipt, "the SNS notification has no Message text");
        }
        JsonNode event;
        try {
            event = JSON.readTree(message.asText());
        } catch (JsonProcessingException e) {
            return Notification.malformed(id, receipt, "the SNS notification's Message is not JSON");
        }
        if (event == null || !event.isObject()) {
            return Notification.malformed(id, receipt, "the SNS notification's Message is not a JSON object");
        }
        return fromEvent(id, receipt, event);
    }

    private static Notification fromEvent(String id, String receipt, JsonNode event) {
        if (event.has("Records")) {
            return fromRecords(id, receipt, event.get("Records"));
        }
        if ("s3:TestEvent".equals(event.path("Event").asText(null))) {
            return Notification.ignored(id, receipt, "s3:TestEvent, sent when a bucket's notifications are set up");
        }
        if ("aws.s3".equals(event.path("source").asText(null)) && event.hasNonNull("detail-type")) {
            return fromEventBridge(id, receipt, event);
        }
        return Notification.malformed(id, receipt, "neither an S3 event notification (Records), an SNS notification "
                + "nor an EventBridge event from aws.s3");
    }

    private static Notification fromRecords(String id, String receipt, JsonNode records) {
        if (!records.isArray()) {
            return Notification.malformed(id, receipt, "Records is not an array");
        }
        List<ObjectRef> created = new ArrayList<>();
        Set<String> others = new TreeSet<>();
        for (JsonNode record : records) {
            String eventName = record.path("eventName").asText("");
            // MinIO and other S3-compatible stores prefix the names with "s3:".
            String name = eventName.startsWith("s3:") ? eventName.substring(3) : eventName;
            if (!name.startsWith("ObjectCreated:")) {
                others.add(eventName.isEmpty() ? "a record without eventName" : eventName);
                continue;
            }
            JsonNode s3 = record.path("s3");
            String bucket = s3.path("bucket").path("name").asText(null);
            String encodedKey = s3.path("object").path("key").asText(null);
            JsonNode size = s3.path("object").path("size");
            Instant time = instant(record.path("eventTime").asText(null));
            if (bucket == null || encodedKey == null || !size.canConvertToLong() || size.asLong() < 0 || time == null) {
                return Notification.malformed(id, receipt, eventName + " record lacks the bucket name, object key, "
                        + "size or eventTime");
            }
            String key;
            try {
                // S3 URL-encodes keys in these records as HTML forms do: "red flower.jpg" arrives as "red+flower.jpg".
                key = URLDecoder.decode(encodedKey, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Notification.malformed(id, receipt, eventName + " record has a key that is not URL-encoded");
            }
            created.add(new ObjectRef(bucket, key, size.asLong(), time, etag(s3.path("object").path("eTag"))));
        }
        if (created.isEmpty()) {
            return Notification.ignored(id, receipt, others.isEmpty() ? "no records"
                    : "no object created (" + String.join(", ", others) + ")");
        }
        return Notification.created(id, receipt, created);
    }

    /** EventBridge carries keys as they are, not URL-encoded. */
    private static Notification fromEventBridge(String id, String receipt, JsonNode event) {
        String detailType = event.get("detail-type").asText();
        if (!detailType.equals("Object Created")) {
            return Notification.ignored(id, receipt, "an EventBridge " + detailType + " event");
        }
        JsonNode detail = event.path("detail");
        String bucket = detail.path("bucket").path("name").asText(null);
        String key = detail.path("object").path("key").asText(null);
        JsonNode size = detail.path("object").path("size");
        Instant time = instant(event.path("time").asText(null));
        if (bucket == null || key == null || !size.canConvertToLong() || size.asLong() < 0 || time == null) {
            return Notification.malformed(id, receipt, "the EventBridge Object Created event lacks the bucket name, "
                    + "object key, size or time");
        }
        return Notification.created(id, receipt,
                List.of(new ObjectRef(bucket, key, size.asLong(), time, etag(detail.path("object").path("etag")))));
    }

    private static String etag(JsonNode etag) {
        return etag.isTextual() && !etag.asText().isEmpty() ? S3ObjectStore.unquoted(etag.asText()) : null;
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
