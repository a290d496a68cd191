package dev.pipit.scheduler.stream;

import dev.pipit.scheduler.config.PipitConfig;
import java.time.Duration;

/**
 * How Kafka data sources are consumed ({@code conf/scheduler.properties}).
 *
 * @param batchMaxRecords {@code stream.batch.max-records}: a batch is written once it holds this many messages
 * @param batchMaxBytes {@code stream.batch.max-bytes}: ... or once the next message's value would take its values
 *     past this many bytes (a single larger message makes a batch of its own)
 * @param batchMaxWait {@code stream.batch.max-wait}: ... or once its first poll started this long ago
 * @param historyInterval {@code stream.history.interval}: each run in the history covers this much consumption
 * @param restartMaxBackoff {@code stream.restart.max-backoff}: the longest wait before a failed consumer restarts
 */
public record StreamSettings(int batchMaxRecords, int batchMaxBytes, Duration batchMaxWait, Duration historyInterval,
        Duration restartMaxBackoff) {
    public static final int DEFAULT_BATCH_MAX_RECORDS = 5_000;
    public static final int DEFAULT_BATCH_MAX_BYTES = 16 << 20;
    public static final Duration DEFAULT_BATCH_MAX_WAIT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_HISTORY_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_RESTART_MAX_BACKOFF = Duration.ofMinutes(1);

    public StreamSettings {
        if (batchMaxRecords < 1) {
            throw new IllegalArgumentException("stream.batch.max-records must be >= 1");
        }
        if (batchMaxBytes < 1) {
            throw new IllegalArgumentException("stream.batch.max-bytes must be >= 1");
        }
        requirePositive(batchMaxWait, "stream.batch.max-wait");
        requirePositive(historyInterval, "stream.history.interval");
        requirePositive(restartMaxBackoff, "stream.restart.max-backoff");
    }

    public static StreamSettings from(PipitConfig config) {
        return new StreamSettings(
                config.getInt("stream.batch.max-records", DEFAULT_BATCH_MAX_RECORDS),
                config.getInt("stream.batch.max-bytes", DEFAULT_BATCH_MAX_BYTES),
                config.getDuration("stream.batch.max-wait", DEFAULT_BATCH_MAX_WAIT),
                config.getDuration("stream.history.interval", DEFAULT_HISTORY_INTERVAL),
                config.getDuration("stream.restart.max-backoff", DEFAULT_RESTART_MAX_BACKOFF));
    }

    private static void requirePositive(Duration duration, String key) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(key + " must be > 0");
        }
    }
}
