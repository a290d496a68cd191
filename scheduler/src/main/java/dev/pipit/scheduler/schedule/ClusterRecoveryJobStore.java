package dev.pipit.scheduler.schedule;

import dev.pipit.scheduler.history.RunHistory;
import java.sql.Connection;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Handles;
import org.jdbi.v3.core.Jdbi;
import org.quartz.JobPersistenceException;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.jdbcjobstore.SchedulerStateRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz's JDBC job store, which also ends the runs of the cluster nodes it finds dead. Quartz's recovery only
 * re-fires a dead node's jobs; a Kafka consumer is no job, so without this hook its consumption interval would
 * stay {@code running} for good when the node never comes back under its id. Failing the runs in the transaction
 * that deletes the node's check-in row means no run can be failed for a node that Quartz does not also take over.
 */
public final class ClusterRecoveryJobStore extends JobStoreTX {
    static final String FILE_RUN_REASON = "the node running it died (its cluster check-ins stopped); its file in "
            + "progress was rolled back and another node takes it";
    static final String STREAM_RUN_REASON = "the node consuming it died (its cluster check-ins stopped); the batch it "
            + "was writing was rolled back and is consumed again from the stored offsets by the node that gets its "
            + "partitions";
    private static final Logger LOG = LoggerFactory.getLogger(ClusterRecoveryJobStore.class);

    @Override
    protected void clusterRecover(Connection conn, List<SchedulerStateRecord> failedInstances)
            throws JobPersistenceException {
        super.clusterRecover(conn, failedInstances);
        // Quartz's connection is in its own transaction, which Quartz commits or rolls back: the handle must leave
        // it open, and closing the handle must not close the connection (Jdbi.create(Connection) never does).
        Jdbi onQuartzConnection = Jdbi.create(conn);
        onQuartzConnection.getConfig(Handles.class).setForceEndTransactions(false);
        for (SchedulerStateRecord dead : failedInstances) {
            String node = dead.getSchedulerInstanceId();
            if (node.equals(getInstanceId())) {
                // This node's own earlier life, found at its first check-in: the daemon failed those runs at start.
                continue;
            }
            try (Handle handle = onQuartzConnection.open()) {
                int failed = RunHistory.failInterrupted(handle, node, FILE_RUN_REASON, STREAM_RUN_REASON);
                if (failed > 0) {
                    LOG.warn("{} runs were left running by dead node {}; marked failed, what they had not committed "
                            + "is pending again", failed, node);
                }
            } catch (RuntimeException e) {
                throw new JobPersistenceException("cannot mark the runs of dead node " + node + " as failed", e);
            }
        }
    }
}
