package dev.pipit.spi.connector;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One message of a notification queue, as a connector read it. The core records {@link #created()} in the ledger
 * and only then acknowledges the message ({@link NotificationSource#acknowledge}); it never acknowledges a
 * {@link Kind#MALFORMED} one, which the queue delivers again and finally moves to its dead-letter queue.
 *
 * @param id the queue's id of the message, for log lines
 * @param receipt what the source needs to acknowledge this delivery of the message; opaque to the core
 * @param kind what the message turned out to be
 * @param created the objects it reports created, each with its bucket; empty unless {@link Kind#OBJECTS_CREATED}
 * @param detail why a message is {@link Kind#IGNORED} or {@link Kind#MALFORMED}, one line naming no credential;
 *     {@code null} for {@link Kind#OBJECTS_CREATED}
 */
public record Notification(String id, String receipt, Kind kind, List<ObjectRef> created, String detail) {
    /** What a message means to the ledger. */
    public enum Kind {
        /** Objects were created or overwritten: the core records those a data source matches. */
        OBJECTS_CREATED,
        /** Nothing to record (a test event, a removal, another event type): acknowledged and dropped. */
        IGNORED,
        /** The connector cannot read it: counted, logged and left to the queue's redrive policy. */
        MALFORMED
    }

    public Notification {
        requireNonNull(id, "id is null");
        requireNonNull(receipt, "receipt is null");
        requireNonNull(kind, "kind is null");
        created = List.copyOf(requireNonNull(created, "created is null"));
        if (kind != Kind.OBJECTS_CREATED && !created.isEmpty()) {
            throw new IllegalArgumentException("only an OBJECTS_CREATED notification reports objects");
        }
        if (kind != Kind.OBJECTS_CREATED) {
            requireNonNull(detail, "detail is null");
        }
    }

    public static Notification created(String id, String receipt, List<ObjectRef> objects) {
        return new Notification(id, receipt, Kind.OBJECTS_CREATED, objects, null);
    }

    public static Notification ignored(String id, String receipt, String why) {
        return new Notification(id, receipt, Kind.IGNORED, List.of(), why);
    }

    public static Notification malformed(String id, String receipt, String why) {
        return new Notification(id, receipt, Kind.MALFORMED, List.of(), why);
    }
}
