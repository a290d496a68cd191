package dev.pipit.scheduler.schedule;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.spi.JobFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Builds Quartz schedulers whose job store lives in Pipit's own database (tables {@code pipit.qrtz_*}, created by
 * the migrations), so that jobs, triggers, the ledger and the data share one database and survive restarts.
 */
public final class QuartzSchedulers {
    /** Quartz keeps schedulers by name, so a cluster shares this one name and nodes differ by instance id. */
    public static final String SCHEDULER_NAME = "pipit";

    private QuartzSchedulers() {}

    /**
     * @param nodeId this node's instance id, unique in a cluster and stable across restarts
     * @param threads how many runs may go on at once, over all data sources
     * @param cluster whether several daemons share the job store, and how often they check in
     */
    public static Scheduler create(DataSource dataSource, String nodeId, int threads, ClusterSettings cluster,
            JobFactory jobFactory) throws SchedulerException {
        requireNonNull(dataSource, "dataSource is null");
        // Connection providers are global to the JVM; a unique name keeps two schedulers in one JVM (tests) apart.
        String providerName = "pipit-" + UUID.randomUUID();
        DBConnectionManager.getInstance().addConnectionProvider(providerName, new PoolConnectionProvider(dataSource));

        Properties properties = new Properties();
        properties.setProperty("org.quartz.scheduler.instanceName", SCHEDULER_NAME);
        properties.setProperty("org.quartz.scheduler.instanceId", nodeId);
        properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        properties.setProperty("org.quartz.scheduler.interruptJobsOnShutdownWithWait", "false");
        properties.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
        properties.setProperty("org.quartz.threadPool.threadNamePrefix", "pipit-run");
        properties.setProperty("org.quartz.jobStore.class", ClusterRecoveryJobStore.class.getName());
        // The PostgreSQL delegate reads job data with getBytes, which H2 in PostgreSQL mode serves as well.
        properties.setProperty("org.quartz.jobStore.driverDelegateClass",
                "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        properties.setProperty("org.quartz.jobStore.tablePrefix", "pipit.qrtz_");
        properties.setProperty("org.quartz.jobStore.dataSource", providerName);
        properties.setProperty("org.quartz.jobStore.useProperties", "true");
        properties.setProperty("org.quartz.jobStore.isClustered", Boolean.toString(cluster.enabled()));
        properties.setProperty("org.quartz.jobStore.clusterCheckinInterval",
                Long.toString(cluster.checkinInterval().toMillis()));
        properties.setProperty("org.quartz.jobStore.misfireThreshold", "60000");

        StdSchedulerFactory factory = new StdSchedulerFactory(properties);
        Scheduler scheduler = factory.getScheduler();
        scheduler.setJobFactory(jobFactory);
        return scheduler;
    }

    /** Hands Quartz connections from Pipit's pool; the pool's owner closes it, not Quartz. */
    private record PoolConnectionProvider(DataSource dataSource) implements ConnectionProvider {
        @Override
        public Connection getConnection() throws SQLException {
            return dataSource.getConnection();
        }

        @Override
        public void shutdown() {
            // The pool belongs to the Database, which outlives the scheduler.
        }

        @Override
        public void initialize() {
            // Nothing to set up: the pool is open before the scheduler starts.
        }
    }
}
