package dev.pipit.scheduler.notification;

import static dev.pipit.scheduler.db.SqlValues.instant;
import static dev.pipit.scheduler.db.SqlValues.nullableLong;
import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.db.SqlValues;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * What is known of each notification queue ({@code pipit.notification_queues}), written by the daemons that poll it
 * and read by {@code status}, the console and {@code /metrics}, which read the database rather than a daemon.
 */
public final class NotificationQueues {
    private static final int ERROR_LENGTH = 4000;

    // H2's PostgreSQL mode has no ON CONFLICT DO UPDATE: the row is made once, then updated.
    private static final String ENSURE = "INSERT INTO pipit.notification_queues (queue) VALUES (:queue) "
            + "ON CONFLICT DO NOTHING";

    private static final String POLLED = """
            UPDATE pipit.notification_queues
               SET node = :node, last_poll_at = CURRENT_TIMESTAMP,
                   last_message_at = COALESCE(:lastMessageAt, last_message_at),
                   backlog = COALESCE(:backlog, backlog),
                   messages = messages + :messages, ignored = ignored + :ignored, malformed = malformed + :malformed
             WHERE queue = :queue""";

    private static final String FAILED = """
            UPDATE pipit.notification_queues
               SET node = :node, errors = errors + 1, last_error = :error, last_error_at = CURRENT_TIMESTAMP
             WHERE queue = :queue""";

    private static final String ALL = """
            SELECT queue, node, last_poll_at, last_message_at, backlog, messages, ignored, malformed, errors,
                   last_error, last_error_at
              FROM pipit.notification_queues ORDER BY queue""";

    /**
     * One queue as its pollers left it.
     *
     * @param backlog about how many messages waited when last asked, or {@code null} when never told
     * @param lastError the latest failure to poll, or {@code null}; current while {@link #failing()}
     */
    public record QueueState(String queue, String node, Instant lastPollAt, Instant lastMessageAt, Long backlog,
            long messages, long ignored, long malformed, long errors, String lastError, Instant lastErrorAt) {
        /** Whether the latest attempt to poll failed. */
        public boolean failing() {
            return lastErrorAt != null && (lastPollAt == null || lastErrorAt.isAfter(lastPollAt));
        }
    }

    private final Jdbi jdbi;

    public NotificationQueues(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /**
     * Records a poll that answered.
     *
     * @param lastMessageAt when the latest of the messages arrived, or {@code null} when none did
     * @param backlog the queue's count of waiting messages, when it was asked this time
     */
    public void polled(String queue, String node, int messages, int ignored, int malformed, Instant lastMessageAt,
            OptionalLong backlog) {
        jdbi.useTransaction(handle -> {
            ensure(handle, queue);
            handle.createUpdate(POLLED)
                    .bind("queue", queue)
                    .bind("node", node)
                    .bindBySqlType("lastMessageAt", lastMessageAt == null ? null : SqlValues.toTimestamp(lastMessageAt),
                            Types.TIMESTAMP_WITH_TIMEZONE)
                    .bindBySqlType("backlog", backlog.isPresent() ? backlog.getAsLong() : null, Types.BIGINT)
                    .bind("messages", messages)
                    .bind("ignored", ignored)
                    .bind("malformed", malformed)
                    .execute();
        });
    }

    /** Records a failed poll; {@code error} names no credential (the connectors' messages never do). */
    public void failed(String queue, String node, String error) {
        jdbi.useTransaction(handle -> {
            ensure(handle, queue);
            handle.createUpdate(FAILED)
                    .bind("queue", queue)
                    .bind("node", node)
                    .bind("error", SqlValues.fit(error, ERROR_LENGTH))
                    .execute();
        });
    }

    public List<QueueState> all() {
        return jdbi.withHandle(handle -> handle.createQuery(ALL)
                .map((rs, ctx) -> new QueueState(rs.getString("queue"), rs.getString("node"),
                        instant(rs, "last_poll_at"), instant(rs, "last_message_at"), nullableLong(rs, "backlog"),
                        rs.getLong("messages"), rs.getLong("ignored"), rs.getLong("malformed"), rs.getLong("errors"),
                        rs.getString("last_error"), instant(rs, "last_error_at")))
                .list());
    }

    private static void ensure(Handle handle, String queue) {
        handle.createUpdate(ENSURE).bind("queue", queue).execute();
    }
}
