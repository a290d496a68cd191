package dev.pipit.scheduler.schedule;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.history.RunHistory;
import dev.pipit.scheduler.pipe.PipeJob;
import dev.pipit.scheduler.pipe.PipeRunner;
import dev.pipit.scheduler.pipe.PipeSchedules;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.project.Schedule;
import dev.pipit.scheduler.run.ImportRunner;
import dev.pipit.scheduler.run.RunLimits;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.quartz.InterruptableJob;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a project's import data sources into Quartz jobs: one durable job each, with a repeating trigger for
 * {@code @auto} and none for {@code @on-demand}. Triggers from JMX or the CLI fire the same job, so Quartz's
 * {@code DisallowConcurrentExecution} queues them behind a run in progress.
 */
public final class ImportScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ImportScheduler.class);
    private static final String GROUP = "import";
    private static final String EVENT_TRIGGER = "event";

    private final Scheduler scheduler;
    private final RunLimits limits;
    private final RunHistory history;
    private final RunTracker tracker = new RunTracker();
    private final ImportRunner runner;
    /** The project's sink and copy pipes, scheduled in the same job store; {@code null} schedules none. */
    private final PipeRunner pipes;
    private volatile Project project;

    private ImportScheduler(Scheduler scheduler, RunLimits limits, RunHistory history, ImportRunner runner,
            PipeRunner pipes) {
        this.scheduler = scheduler;
        this.limits = limits;
        this.history = history;
        this.runner = runner;
        this.pipes = pipes;
        this.project = runner.project();
    }

    /** Creates the Quartz scheduler on Pipit's database; nothing runs until {@link #start()}. */
    public static ImportScheduler create(DataSource dataSource, ImportRunner runner, RunHistory history,
            RunLimits limits, String nodeId, int threads, ClusterSettings cluster) throws SchedulerException {
        return create(dataSource, runner, null, history, limits, nodeId, threads, cluster);
    }

    /** Creates the scheduler of imports and of the project's sink and copy pipes. */
    public static ImportScheduler create(DataSource dataSource, ImportRunner runner, PipeRunner pipes,
            RunHistory history, RunLimits limits, String nodeId, int threads, ClusterSettings cluster)
            throws SchedulerException {
        requireNonNull(runner, "runner is null");
        requireNonNull(history, "history is null");
        ImportScheduler[] self = new ImportScheduler[1];
        Scheduler scheduler = QuartzSchedulers.create(dataSource, nodeId, threads, cluster,
                (bundle, quartz) -> bundle.getJobDetail().getJobClass() == PipeJob.class
                        ? new PipeJob(pipes)
                        : new ImportJob(runner, self[0].tracker));
        self[0] = new ImportScheduler(scheduler, limits, history, runner, pipes);
        return self[0];
    }

    /**
     * Brings the stored jobs in line with the project: adds, reschedules, and removes what the project lost. Runs
     * in progress are not interrupted: they end with the project they started with, and later runs use the new one.
     * An {@code @auto} trigger whose interval is unchanged keeps its timing, so that a redeploy does not fire
     * every data source at once.
     */
    public void apply(Project newProject) throws SchedulerException {
        this.project = requireNonNull(newProject, "newProject is null");
        runner.useProject(newProject);
        if (pipes != null) {
            pipes.useProject(newProject);
            PipeSchedules.apply(scheduler, newProject);
        }
        Set<JobKey> wanted = new HashSet<>();
        for (DataSourceDef dataSource : newProject.dataSources().values()) {
            if (dataSource.importSpec().isEmpty()) {
                continue;
            }
            JobKey key = jobKey(dataSource.name());
            wanted.add(key);
            JobDetail job = JobBuilder.newJob(ImportJob.class)
                    .withIdentity(key)
                    .usingJobData(ImportJob.DATA_SOURCE, dataSource.name())
                    .storeDurably()
                    .requestRecovery()
                    .build();
            scheduler.addJob(job, true);
            TriggerKey autoKey = TriggerKey.triggerKey(dataSource.name(), GROUP);
            // @event data sources tick too: the tick imports what an earlier run left pending and runs the backfill.
            if (dataSource.importSpec().get().schedule() != Schedule.ON_DEMAND) {
                Trigger auto = TriggerBuilder.newTrigger()
                        .withIdentity(autoKey)
                        .forJob(key)
                        .usingJobData(ImportJob.TRIGGER, "auto")
                        .startNow()
                        .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                                .withIntervalInMilliseconds(limits.autoInterval().toMillis())
                                .repeatForever()
                                // A daemon that was down does not make up for lost minutes: one run catches up.
                                .withMisfireHandlingInstructionNextWithRemainingCount())
                        .build();
                Trigger existing = scheduler.getTrigger(autoKey);
                if (existing instanceof SimpleTrigger simple
                        && simple.getRepeatInterval() == limits.autoInterval().toMillis()) {
                    continue;
                }
                if (existing != null) {
                    scheduler.rescheduleJob(autoKey, auto);
                } else {
                    scheduler.scheduleJob(auto);
                }
            } else {
                scheduler.unscheduleJob(autoKey);
            }
        }
        for (JobKey existing : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
            if (!wanted.contains(existing)) {
                LOG.info("Data source {} is no longer in the project; its schedule is removed, its table, ledger and "
                        + "history stay", existing.getName());
                scheduler.deleteJob(existing);
            }
        }
    }

    public void start() throws SchedulerException {
        scheduler.start();
    }

    /**
     * Fires a data source's job now, as a run that drains every new file.
     *
     * @return the request id to follow with {@link #progress(String)}
     * @throws IllegalArgumentException if the project has no import data source of that name
     */
    public String trigger(String dataSource) throws SchedulerException {
        DataSourceDef definition = project.dataSources().get(dataSource);
        if (definition == null || definition.importSpec().isEmpty()) {
            throw new IllegalArgumentException("no data source named '" + dataSource + "' is imported from a bucket");
        }
        String request = tracker.queue(dataSource);
        JobDataMap data = new JobDataMap();
        data.put(ImportJob.TRIGGER, "manual");
        data.put(ImportJob.REQUEST, request);
        scheduler.triggerJob(jobKey(dataSource), data);
        return request;
    }

    /**
     * Queues a run of a sink or copy pipe with its parameters' defaults through its Quartz job: in a cluster one
     * daemon runs it, and never beside another run of the same pipe. The run records the request, so
     * {@link #progress} follows it from the history on whichever daemon runs it.
     *
     * @return a request id for {@link #progress}
     * @throws IllegalArgumentException if the project has no sink or copy pipe of that name
     */
    public String triggerPipe(String pipe) throws SchedulerException {
        if (pipes == null || !project.pipes().containsKey(pipe)) {
            throw new IllegalArgumentException("no sink or copy pipe named '" + pipe + "'");
        }
        String request = tracker.queue(pipe);
        JobDataMap data = new JobDataMap();
        data.put(PipeJob.REQUEST, request);
        scheduler.triggerJob(PipeSchedules.jobKey(pipe), data);
        return request;
    }

    /**
     * Starts a run of an {@code @event} data source whose new files a notification recorded. The run goes through
     * Quartz like any other, so it runs on one node of the cluster, after a run in progress; events arriving during
     * a run start the next one, which takes every file then pending.
     */
    public void fireForEvents(String dataSource) {
        JobDataMap data = new JobDataMap();
        data.put(ImportJob.TRIGGER, EVENT_TRIGGER);
        try {
            if (eventRunWaiting(dataSource)) {
                return;
            }
            scheduler.triggerJob(jobKey(dataSource), data);
        } catch (SchedulerException e) {
            // The files are in the ledger: the data source's next tick imports them.
            LOG.warn("Cannot start a run of {} for its new files ({}); its next scheduled run imports them",
                    dataSource, e.getMessage());
        }
    }

    /**
     * Whether an event's run of the data source waits to start. The files the caller recorded are committed, so that
     * run takes them too, and a burst of events makes one run rather than one per batch. A run that has started may
     * have missed them, so it does not count.
     */
    private boolean eventRunWaiting(String dataSource) throws SchedulerException {
        for (Trigger trigger : scheduler.getTriggersOfJob(jobKey(dataSource))) {
            if (EVENT_TRIGGER.equals(trigger.getJobDataMap().getString(ImportJob.TRIGGER))) {
                Trigger.TriggerState state = scheduler.getTriggerState(trigger.getKey());
                if (state == Trigger.TriggerState.NORMAL || state == Trigger.TriggerState.BLOCKED) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The progress of a triggered run. While this daemon still sees the request queued, another node of the
     * cluster may have taken it: the history, which records the request with the run, tells, with the files and
     * rows committed so far.
     *
     * @return empty for a request no node knows (or this daemon has long forgotten)
     */
    public Optional<RunProgress> progress(String request) {
        Optional<RunProgress> local = tracker.progress(request);
        if (local.isPresent() && !local.get().getState().equals(RunProgress.State.QUEUED.name())) {
            return local;
        }
        return history.findByRequest(request).map(run -> RunProgress.of(request, run)).or(() -> local);
    }

    public RunTracker tracker() {
        return tracker;
    }

    public Project project() {
        return project;
    }

    /** Whether a data source's run is executing in this daemon now. */
    public boolean isRunning(String dataSource) throws SchedulerException {
        for (JobExecutionContext context : scheduler.getCurrentlyExecutingJobs()) {
            if (context.getJobDetail().getKey().equals(jobKey(dataSource))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Stops taking new runs, asks running ones to end after their current file, and waits for them: the file in
     * progress commits or rolls back, never half of it. A job that cannot be interrupted (a pipe's) is waited for:
     * Quartz refuses to interrupt it, and that refusal must not skip the shutdown, or the scheduler's threads
     * outlive the daemon.
     */
    @Override
    public void close() throws SchedulerException {
        scheduler.standby();
        for (JobExecutionContext context : scheduler.getCurrentlyExecutingJobs()) {
            if (context.getJobInstance() instanceof InterruptableJob) {
                scheduler.interrupt(context.getFireInstanceId());
            }
        }
        scheduler.shutdown(true);
    }

    private static JobKey jobKey(String dataSource) {
        return JobKey.jobKey(dataSource, GROUP);
    }
}
