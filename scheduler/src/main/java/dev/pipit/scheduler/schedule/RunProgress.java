package dev.pipit.scheduler.schedule;

import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.history.RunStatus;
import java.beans.ConstructorProperties;
import java.util.Locale;

/**
 * A snapshot of one triggered or scheduled run, as JMX clients see it. A bean with getters rather than a record
 * because JMX's open types map getters, and {@link ConstructorProperties} lets a client rebuild it.
 */
public final class RunProgress {
    /** Where a run is: waiting for a thread or for the data source's previous run, running, or done. */
    public enum State {
        QUEUED,
        RUNNING,
        FINISHED,
        REJECTED
    }

    private final String requestId;
    private final String dataSource;
    private final String state;
    private final long runId;
    private final int filesPlanned;
    private final int filesDone;
    private final int filesFailed;
    private final long rows;
    private final String status;
    private final String error;

    @ConstructorProperties({"requestId", "dataSource", "state", "runId", "filesPlanned", "filesDone", "filesFailed",
            "rows", "status", "error"})
    public RunProgress(String requestId, String dataSource, String state, long runId, int filesPlanned,
            int filesDone, int filesFailed, long rows, String status, String error) {
        this.requestId = requestId;
        this.dataSource = dataSource;
        this.state = state;
        this.runId = runId;
        this.filesPlanned = filesPlanned;
        this.filesDone = filesDone;
        this.filesFailed = filesFailed;
        this.rows = rows;
        this.status = status;
        this.error = error;
    }

    /**
     * The progress of a run as the history records it, for a run another node executes: only committed files
     * count, and how many files the run took on is not recorded ({@code filesPlanned} stays -1 until it ends).
     */
    static RunProgress of(String request, RunRecord run) {
        boolean running = run.status() == RunStatus.RUNNING;
        return new RunProgress(request, run.datasource(), (running ? State.RUNNING : State.FINISHED).name(),
                run.id(), running ? -1 : run.files(), run.files(), 0, run.rows(),
                running ? null : run.status().name().toLowerCase(Locale.ROOT), run.error());
    }

    public String getRequestId() {
        return requestId;
    }

    public String getDataSource() {
        return dataSource;
    }

    /** One of {@link State}'s names. */
    public String getState() {
        return state;
    }

    /** The history id, or 0 before the run has started. */
    public long getRunId() {
        return runId;
    }

    /** Files the run took on, or -1 before discovery has ended. */
    public int getFilesPlanned() {
        return filesPlanned;
    }

    public int getFilesDone() {
        return filesDone;
    }

    public int getFilesFailed() {
        return filesFailed;
    }

    public long getRows() {
        return rows;
    }

    /** The history status once finished ({@code succeeded}, {@code partial}, {@code failed}), else {@code null}. */
    public String getStatus() {
        return status;
    }

    public String getError() {
        return error;
    }

    public boolean isDone() {
        return state.equals(State.FINISHED.name()) || state.equals(State.REJECTED.name());
    }
}
