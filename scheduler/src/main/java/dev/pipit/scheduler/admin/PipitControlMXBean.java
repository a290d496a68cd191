package dev.pipit.scheduler.admin;

import dev.pipit.scheduler.schedule.RunProgress;

/**
 * The daemon's operations over JMX, registered as {@value #OBJECT_NAME}. An MXBean so that jconsole, VisualVM
 * and any JMX client read it with standard types, and {@code bin/scheduler trigger} gets a typed proxy.
 */
public interface PipitControlMXBean {
    String OBJECT_NAME = "dev.pipit:type=Scheduler";

    /**
     * Queues a run of an import data source that drains every new file; it starts once the data source's run in
     * progress, if any, ends.
     *
     * @return a request id for {@link #progress(String)}
     * @throws IllegalArgumentException if no import data source has that name
     */
    String trigger(String dataSource);

    /**
     * Queues a run of a sink or copy pipe with its parameters' defaults, as its schedule would fire it: one daemon
     * of a cluster runs it, after the pipe's run in progress, if any. {@code bin/scheduler sink run} and
     * {@code copy run} instead run a pipe in their own process, with parameters.
     *
     * @return a request id for {@link #progress(String)}
     * @throws IllegalArgumentException if no sink or copy pipe has that name
     */
    String runPipe(String pipe);

    /**
     * Puts failed files of a data source back to pending, as {@code bin/scheduler retry} does; their failures stay
     * in the ledger. With {@code now}, queues a run of the data source too.
     *
     * @param keys the files (URIs as {@code files} shows them, or keys in the bucket); every failed file when empty
     * @return what was done, in a sentence
     */
    String retry(String dataSource, String[] keys, boolean now);

    /** The progress of a triggered run, or {@code null} for an unknown (or long forgotten) request id. */
    RunProgress progress(String requestId);

    /** Every import data source with its schedule, whether it is running, and its last run. */
    DataSourceStatus[] dataSources();

    /** The latest runs, newest first; {@code dataSource} may be {@code null} or empty for all. */
    RunSummary[] lastRuns(String dataSource, int limit);

    /**
     * Stops consuming a Kafka data source after its batch in progress, on this daemon, until {@link #resume} or a
     * restart of the daemon.
     *
     * @throws IllegalArgumentException if no Kafka data source has that name
     */
    void pause(String dataSource);

    /**
     * Consumes a paused Kafka data source again, from its stored offsets.
     *
     * @throws IllegalArgumentException if no Kafka data source has that name
     */
    void resume(String dataSource);

    /** What this daemon's consumer of a Kafka data source does: {@code running}, {@code paused}, {@code restarting: ...}. */
    String streamState(String dataSource);

    /**
     * Switches the daemon to the latest deployment when its project folder holds what was deployed: jobs are
     * rescheduled, runs in progress end undisturbed. {@code bin/scheduler deploy} calls it; daemons also poll.
     *
     * @return what happened, in a sentence
     */
    String reload();
}
