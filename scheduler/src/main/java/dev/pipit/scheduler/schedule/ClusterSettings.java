package dev.pipit.scheduler.schedule;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.db.Dialect;
import java.time.Duration;

/**
 * Whether daemons share Quartz's job store as one cluster, and how often each tells the others it is alive.
 *
 * @param enabled {@code cluster}: on by default on PostgreSQL, the database several daemons can share; off on H2,
 *     whose file a single daemon holds
 * @param checkinInterval {@code cluster.checkin-interval} (default 7.5 s): a node that misses its check-ins for
 *     about this long plus 7.5 s is taken for dead, and another node takes over its running jobs
 */
public record ClusterSettings(boolean enabled, Duration checkinInterval) {
    public static final Duration DEFAULT_CHECKIN_INTERVAL = Duration.ofMillis(7500);

    /** A single daemon: no check-ins, no recovery of other nodes' jobs. */
    public static final ClusterSettings SINGLE_NODE = new ClusterSettings(false, DEFAULT_CHECKIN_INTERVAL);

    public ClusterSettings {
        requireNonNull(checkinInterval, "checkinInterval is null");
        if (checkinInterval.toMillis() < 1) {
            throw new IllegalArgumentException("cluster.checkin-interval must be > 0");
        }
    }

    public static ClusterSettings from(PipitConfig config, Dialect dialect) {
        return new ClusterSettings(
                config.getBoolean("cluster", dialect == Dialect.POSTGRESQL),
                config.getDuration("cluster.checkin-interval", DEFAULT_CHECKIN_INTERVAL));
    }
}
