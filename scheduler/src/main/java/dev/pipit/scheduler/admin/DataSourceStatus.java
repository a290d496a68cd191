package dev.pipit.scheduler.admin;

import java.beans.ConstructorProperties;

/** One import data source as {@link PipitControlMXBean#dataSources()} reports it. */
public final class DataSourceStatus {
    private final String name;
    private final String schedule;
    private final String bucketUri;
    private final boolean running;
    private final long pendingFiles;
    private final RunSummary lastRun;

    @ConstructorProperties({"name", "schedule", "bucketUri", "running", "pendingFiles", "lastRun"})
    public DataSourceStatus(String name, String schedule, String bucketUri, boolean running, long pendingFiles,
            RunSummary lastRun) {
        this.name = name;
        this.schedule = schedule;
        this.bucketUri = bucketUri;
        this.running = running;
        this.pendingFiles = pendingFiles;
        this.lastRun = lastRun;
    }

    public String getName() {
        return name;
    }

    /** {@code @auto} or {@code @on-demand}. */
    public String getSchedule() {
        return schedule;
    }

    public String getBucketUri() {
        return bucketUri;
    }

    public boolean isRunning() {
        return running;
    }

    public long getPendingFiles() {
        return pendingFiles;
    }

    /** The latest run, or {@code null} when the data source never ran. */
    public RunSummary getLastRun() {
        return lastRun;
    }
}
