package dev.pipit.scheduler.pipe;

import static java.util.Objects.requireNonNull;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz job of one sink or copy pipe. The job store takes each firing under its cluster lock, so one daemon
 * of a cluster runs it; {@link DisallowConcurrentExecution} keeps a slow run and the next firing apart.
 */
@DisallowConcurrentExecution
public final class PipeJob implements Job {
    static final String PIPE = "pipe";
    /** The request id of a run asked for over JMX, recorded with the run; absent for a scheduled firing. */
    public static final String REQUEST = "request";
    private static final Logger LOG = LoggerFactory.getLogger(PipeJob.class);

    private final PipeRunner runner;

    public PipeJob(PipeRunner runner) {
        this.runner = requireNonNull(runner, "runner is null");
    }

    @Override
    public void execute(JobExecutionContext context) {
        String pipe = context.getMergedJobDataMap().getString(PIPE);
        String request = context.getMergedJobDataMap().getString(REQUEST);
        if (runner.run(pipe, request).isEmpty()) {
            LOG.info("Pipe {} is no longer in the project; this firing does nothing", pipe);
        }
    }
}
