package dev.pipit.scheduler.admin;

import dev.pipit.scheduler.history.RunRecord;
import java.beans.ConstructorProperties;
import java.util.Locale;

/** One run of the history, in JMX's open types (times as ISO-8601 text). */
public final class RunSummary {
    private final long id;
    private final String dataSource;
    private final String trigger;
    private final String node;
    private final String status;
    private final String startedAt;
    private final String endedAt;
    private final int files;
    private final long rows;
    private final long quarantined;
    private final String error;

    @ConstructorProperties({"id", "dataSource", "trigger", "node", "status", "startedAt", "endedAt", "files", "rows",
            "quarantined", "error"})
    public RunSummary(long id, String dataSource, String trigger, String node, String status, String startedAt,
            String endedAt, int files, long rows, long quarantined, String error) {
        this.id = id;
        this.dataSource = dataSource;
        this.trigger = trigger;
        this.node = node;
        this.status = status;
        this.startedAt = startedAt;
        this.endedAt = endedAt;
        this.files = files;
        this.rows = rows;
        this.quarantined = quarantined;
        this.error = error;
    }

    static RunSummary of(RunRecord run) {
        return new RunSummary(run.id(), run.datasource(), run.trigger().name().toLowerCase(Locale.ROOT), run.node(),
                run.status().name().toLowerCase(Locale.ROOT), String.valueOf(run.startedAt()),
                run.endedAt() == null ? null : run.endedAt().toString(), run.files(), run.rows(), run.quarantined(),
                run.error());
    }

    public long getId() {
        return id;
    }

    public String getDataSource() {
        return dataSource;
    }

    public String getTrigger() {
        return trigger;
    }

    public String getNode() {
        return node;
    }

    public String getStatus() {
        return status;
    }

    public String getStartedAt() {
        return startedAt;
    }

    public String getEndedAt() {
        return endedAt;
    }

    public int getFiles() {
        return files;
    }

    public long getRows() {
        return rows;
    }

    public long getQuarantined() {
        return quarantined;
    }

    public String getError() {
        return error;
    }
}
