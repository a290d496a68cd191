package dev.pipit.scheduler.notification;

import dev.pipit.scheduler.config.PipitConfig;
import java.time.Duration;

/**
 * How notification queues are polled ({@code conf/scheduler.properties}).
 *
 * @param pollWait {@code notifications.wait}: how long one receive waits for messages (a long poll; SQS allows 20 s)
 * @param maxBackoff {@code notifications.max-backoff}: the longest pause after failed polls, which doubles from 1 s
 * @param backlogInterval {@code notifications.backlog-interval}: how often the queue is asked how many messages wait
 */
public record NotificationSettings(Duration pollWait, Duration maxBackoff, Duration backlogInterval) {
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(20);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(1);
    public static final Duration DEFAULT_BACKLOG_INTERVAL = Duration.ofSeconds(30);

    public NotificationSettings {
        requirePositive(pollWait, "notifications.wait");
        requirePositive(maxBackoff, "notifications.max-backoff");
        requirePositive(backlogInterval, "notifications.backlog-interval");
    }

    public static NotificationSettings from(PipitConfig config) {
        return new NotificationSettings(
                config.getDuration("notifications.wait", DEFAULT_WAIT),
                config.getDuration("notifications.max-backoff", DEFAULT_MAX_BACKOFF),
                config.getDuration("notifications.backlog-interval", DEFAULT_BACKLOG_INTERVAL));
    }

    private static void requirePositive(Duration duration, String key) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(key + " must be > 0");
        }
    }
}
