package dev.pipit.scheduler.schedule;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.history.RunTrigger;
import dev.pipit.scheduler.load.Causes;
import dev.pipit.scheduler.run.ImportRunner;
import dev.pipit.scheduler.run.JvmErrors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz job of one import data source. {@link DisallowConcurrentExecution} keeps two runs of one data
 * source apart, across the whole cluster when the job store is clustered: a trigger that fires during a run waits
 * for it, then drains what is left.
 */
@DisallowConcurrentExecution
public final class ImportJob implements InterruptableJob {
    private static final Logger LOG = LoggerFactory.getLogger(ImportJob.class);
    static final String DATA_SOURCE = "datasource";
    static final String TRIGGER = "trigger";
    static final String REQUEST = "request";

    private final ImportRunner runner;
    private final RunTracker tracker;
    private final AtomicBoolean stopRequested = new AtomicBoolean();

    ImportJob(ImportRunner runner, RunTracker tracker) {
        this.runner = requireNonNull(runner, "runner is null");
        this.tracker = requireNonNull(tracker, "tracker is null");
    }

    @Override
    public void execute(JobExecutionContext context) {
        String dataSource = context.getMergedJobDataMap().getString(DATA_SOURCE);
        String triggerName = context.getMergedJobDataMap().getString(TRIGGER);
        String request = context.getMergedJobDataMap().getString(REQUEST);
        RunTrigger trigger = "manual".equals(triggerName) ? RunTrigger.MANUAL : RunTrigger.AUTO;
        try {
            RunRecord record = runner.run(dataSource, trigger, request, tracker.listenerFor(request, dataSource),
                    stopRequested::get);
            tracker.finished(request, dataSource, record);
        } catch (RuntimeException e) {
            // A data source removed from the project while its trigger waited, or a bug: the caller must hear of it.
            tracker.rejected(request, dataSource, Causes.describe(e));
            throw e;
        } catch (Error e) {
            if (JvmErrors.leavesJvmUnusable(e)) {
                // An OutOfMemoryError's stack was logged where the file failed.
                JvmErrors.halt(LOG, e, "during a run of " + dataSource, e instanceof OutOfMemoryError);
            }
            tracker.rejected(request, dataSource, JvmErrors.describe(e));
            throw e;
        }
    }

    /** Called by the daemon at shutdown: the run ends after the file in progress. */
    @Override
    public void interrupt() {
        stopRequested.set(true);
    }
}
