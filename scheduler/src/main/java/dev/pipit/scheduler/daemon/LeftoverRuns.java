package dev.pipit.scheduler.daemon;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunHistory;
import dev.pipit.scheduler.schedule.ClusterSettings;
import dev.pipit.scheduler.schedule.QuartzSchedulers;
import java.io.IOException;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs a killed daemon left {@code running}, and who may end them. A daemon ends its own node's at start. A
 * one-shot {@code bin/scheduler run} ends them too, so that cron users without a daemon restart see the truth,
 * but only when it can tell for certain that no daemon of its node is alive, because failing a live run would be
 * a lie of its own:
 * <ul>
 *   <li>on an H2 file, by holding the daemon lock while it cleans (a daemon holds it for life);</li>
 *   <li>in a cluster, by its node's Quartz check-in being gone or stale, read under Quartz's own state lock, which
 *       a starting daemon takes for its first check-in before it starts any run;</li>
 *   <li>otherwise (PostgreSQL with {@code cluster = false}) nothing tells, and the runs wait for the daemon.</li>
 * </ul>
 */
public final class LeftoverRuns {
    static final String FILE_RUN_REASON = "the daemon stopped before the run ended; its file in progress was rolled "
            + "back and stays pending";
    static final String STREAM_RUN_REASON = "the daemon stopped while consuming; the batch it was writing was rolled "
            + "back and is consumed again from the stored offsets";
    /** Quartz takes a node for dead this long after its check-in interval has passed without one. */
    private static final long QUARTZ_CHECKIN_GRACE_MILLIS = 7500;
    private static final Logger LOG = LoggerFactory.getLogger(LeftoverRuns.class);

    private LeftoverRuns() {}

    /** At a daemon's start: every run of its node still running was cut off by a crash or a kill. */
    static void failAtDaemonStart(RunHistory history, String node) {
        report(history.failInterrupted(node, FILE_RUN_REASON, STREAM_RUN_REASON), node);
    }

    /**
     * For a one-shot run: fails the runs a dead daemon of {@code node} left running, when no daemon of that node is
     * alive. Runs of other one-shot commands are never touched.
     *
     * @return how many runs were marked
     */
    public static int failForOneShot(Database database, PipitConfig config, String node) throws IOException {
        requireNonNull(node, "node is null");
        if (Database.h2File(database.displayUrl()).isPresent()) {
            Optional<DaemonLock> lock;
            try {
                lock = DaemonLock.acquire(database.displayUrl());
            } catch (IllegalStateException daemonAlive) {
                return 0;
            }
            try (DaemonLock held = lock.orElseThrow()) {
                return report(database.jdbi().inTransaction(handle -> failDaemonRuns(handle, node)), node);
            }
        }
        if (ClusterSettings.from(config, database.dialect()).enabled()) {
            return report(database.jdbi().inTransaction(handle -> checkedInRecently(handle, node)
                    ? 0 : failDaemonRuns(handle, node)), node);
        }
        return 0;
    }

    private static int failDaemonRuns(Handle handle, String node) {
        return RunHistory.failDaemonInterrupted(handle, node, FILE_RUN_REASON, STREAM_RUN_REASON);
    }

    /**
     * Whether the node's daemon is alive by Quartz's own rule. Both clocks are this host's when the node id is, as
     * it should be, this host's alone.
     */
    private static boolean checkedInRecently(Handle handle, String node) {
        handle.createQuery("""
                        SELECT lock_name FROM pipit.qrtz_locks
                         WHERE sched_name = :scheduler AND lock_name = 'STATE_ACCESS' FOR UPDATE""")
                .bind("scheduler", QuartzSchedulers.SCHEDULER_NAME)
                .mapTo(String.class)
                .list();
        return handle.createQuery("""
                        SELECT last_checkin_time + checkin_interval FROM pipit.qrtz_scheduler_state
                         WHERE sched_name = :scheduler AND instance_name = :node""")
                .bind("scheduler", QuartzSchedulers.SCHEDULER_NAME)
                .bind("node", node)
                .mapTo(Long.class)
                .findOne()
                .map(due -> due + QUARTZ_CHECKIN_GRACE_MILLIS > System.currentTimeMillis())
                .orElse(false);
    }

    private static int report(int failed, String node) {
        if (failed > 0) {
            LOG.warn("{} of node {} {} interrupted by a crash or kill; what {} not committed is pending again",
                    failed == 1 ? "1 run" : failed + " runs", node, failed == 1 ? "was" : "were",
                    failed == 1 ? "it had" : "they had");
        }
        return failed;
    }
}
