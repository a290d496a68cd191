package dev.pipit.scheduler.admin;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.history.RunHistory;
import dev.pipit.scheduler.ledger.FileLedger;
import dev.pipit.scheduler.ledger.FileRequeue;
import dev.pipit.scheduler.ledger.FileStatus;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.project.ImportSpec;
import dev.pipit.scheduler.schedule.ImportScheduler;
import dev.pipit.scheduler.schedule.RunProgress;
import dev.pipit.scheduler.stream.StreamSupervisor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.quartz.SchedulerException;

/** The daemon's {@link PipitControlMXBean}: reads come from the database, triggers go to Quartz. */
public final class PipitControl implements PipitControlMXBean {
    private final ImportScheduler scheduler;
    private final RunHistory history;
    private final FileLedger ledger;
    private final FileRequeue requeue;
    private final StreamSupervisor streams;
    private final Supplier<String> reloader;

    /** @param reloader switches to the latest deployment and says what it did */
    public PipitControl(ImportScheduler scheduler, RunHistory history, FileLedger ledger, FileRequeue requeue,
            StreamSupervisor streams, Supplier<String> reloader) {
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.history = requireNonNull(history, "history is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.requeue = requireNonNull(requeue, "requeue is null");
        this.streams = requireNonNull(streams, "streams is null");
        this.reloader = requireNonNull(reloader, "reloader is null");
    }

    @Override
    public void pause(String dataSource) {
        streams.pause(dataSource);
    }

    @Override
    public void resume(String dataSource) {
        streams.resume(dataSource);
    }

    @Override
    public String streamState(String dataSource) {
        return streams.state(dataSource);
    }

    @Override
    public String reload() {
        try {
            return reloader.get();
        } catch (RuntimeException e) {
            // As for trigger: the client gets a JDK exception with the message, whatever the cause's class.
            throw new IllegalStateException("the daemon could not load the new deployment: " + e.getMessage());
        }
    }

    @Override
    public String trigger(String dataSource) {
        try {
            return scheduler.trigger(dataSource);
        } catch (SchedulerException e) {
            // JMX clients may not have Quartz's classes: hand them a JDK exception with the message.
            throw new IllegalStateException("cannot queue a run of " + dataSource + ": " + e.getMessage());
        }
    }

    @Override
    public String runPipe(String pipe) {
        try {
            return scheduler.triggerPipe(pipe);
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot queue a run of pipe " + pipe + ": " + e.getMessage());
        }
    }

    @Override
    public String retry(String dataSource, String[] keys, boolean now) {
        FileRequeue.Outcome outcome = requeue.retry(dataSource, keys == null ? List.of() : List.of(keys), null);
        StringBuilder said = new StringBuilder(dataSource + ": " + outcome.queued().size()
                + " failed files back to pending");
        outcome.refused().forEach((key, reason) -> said.append("; ").append(key).append(' ').append(reason));
        if (now && !outcome.queued().isEmpty()) {
            said.append("; run requested (").append(trigger(dataSource)).append(')');
        }
        return said.toString();
    }

    @Override
    public RunProgress progress(String requestId) {
        return scheduler.progress(requestId).orElse(null);
    }

    @Override
    public DataSourceStatus[] dataSources() {
        List<DataSourceStatus> statuses = new ArrayList<>();
        for (DataSourceDef dataSource : scheduler.project().dataSources().values()) {
            if (dataSource.importSpec().isEmpty()) {
                continue;
            }
            ImportSpec spec = dataSource.importSpec().get();
            RunSummary lastRun = history.recent(dataSource.name(), 1).stream().findFirst().map(RunSummary::of).orElse(null);
            long pending = ledger.counts(dataSource.name()).getOrDefault(FileStatus.PENDING, 0L);
            statuses.add(new DataSourceStatus(dataSource.name(), spec.schedule().datafileValue(), spec.bucketUri(),
                    scheduler.tracker().running(dataSource.name()).isPresent(), pending, lastRun));
        }
        return statuses.toArray(DataSourceStatus[]::new);
    }

    @Override
    public RunSummary[] lastRuns(String dataSource, int limit) {
        String filter = dataSource == null || dataSource.isEmpty() ? null : dataSource;
        return history.recent(filter, limit).stream().map(RunSummary::of).toArray(RunSummary[]::new);
    }
}
