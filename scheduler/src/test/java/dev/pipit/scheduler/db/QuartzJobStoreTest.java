package dev.pipit.scheduler.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.scheduler.testutil.TestDatabases;
import dev.pipit.testkit.db.Backend;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/** Proves that V2__quartz.sql is a working clustered job store for Quartz's PostgreSQL delegate, on both databases. */
class QuartzJobStoreTest {
    private static final BlockingQueue<String> EXECUTED = new LinkedBlockingQueue<>();

    /** Quartz instantiates jobs by class, so the job reports through a static queue. */
    public static final class RecordingJob implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            EXECUTED.add(context.getMergedJobDataMap().getString("datasource"));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void firesAJobStoredInTheMigratedTables(Backend backend) throws Exception {
        try (Database database = TestDatabases.open(backend)) {
            String dataSourceName = "pipit-" + UUID.randomUUID();
            DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new ConnectionProvider() {
                @Override
                public Connection getConnection() throws SQLException {
                    return database.dataSource().getConnection();
                }

                @Override
                public void shutdown() {
                    // The pool belongs to Database, which outlives the scheduler.
                }

                @Override
                public void initialize() {
                    // Nothing to set up: the pool is open before the scheduler starts.
                }
            });
            Properties properties = new Properties();
            properties.setProperty("org.quartz.scheduler.instanceName", "pipit-test-" + UUID.randomUUID());
            properties.setProperty("org.quartz.scheduler.instanceId", "AUTO");
            properties.setProperty("org.quartz.threadPool.threadCount", "1");
            properties.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
            properties.setProperty("org.quartz.jobStore.driverDelegateClass",
                    "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
            properties.setProperty("org.quartz.jobStore.tablePrefix", "pipit.qrtz_");
            properties.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
            properties.setProperty("org.quartz.jobStore.isClustered", "true");

            Scheduler scheduler = new StdSchedulerFactory(properties).getScheduler();
            try {
                JobDetail job = JobBuilder.newJob(RecordingJob.class)
                        .withIdentity("import-events", "imports")
                        .usingJobData("datasource", "events")
                        // Durable, as Pipit's jobs are: a job without triggers left would be deleted after firing.
                        .storeDurably()
                        .build();
                Trigger trigger = TriggerBuilder.newTrigger().withIdentity("now", "imports").startNow().build();
                scheduler.scheduleJob(job, trigger);
                scheduler.start();

                assertThat(EXECUTED.poll(20, TimeUnit.SECONDS)).isEqualTo("events");
                int stored = database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT count(*) FROM pipit.qrtz_job_details WHERE job_name = 'import-events'")
                        .mapTo(Integer.class).one());
                assertThat(stored).isEqualTo(1);
            } finally {
                scheduler.shutdown(true);
            }
        }
    }
}
