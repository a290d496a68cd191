package dev.pipit.scheduler.schedule;

import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.run.RunListener;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Progress of the runs this daemon executes, in memory, for {@code bin/scheduler trigger}'s progress bar and
 * the JMX status. History in the database is the record; this is only the live view, so it forgets old requests.
 */
public final class RunTracker {
    private static final int REMEMBERED_REQUESTS = 1_000;

    private final Map<String, Progress> byRequest = Collections.synchronizedMap(new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Progress> eldest) {
            return size() > REMEMBERED_REQUESTS;
        }
    });
    private final Map<String, Progress> runningByDataSource = new java.util.concurrent.ConcurrentHashMap<>();

    /** Registers a trigger before it is handed to Quartz, so a client polling at once finds it queued. */
    String queue(String dataSource) {
        String request = UUID.randomUUID().toString();
        byRequest.put(request, new Progress(request, dataSource));
        return request;
    }

    Optional<RunProgress> progress(String request) {
        Progress progress = byRequest.get(request);
        return progress == null ? Optional.empty() : Optional.of(progress.snapshot());
    }

    /** The run in progress for a data source, if this daemon is running one. */
    public Optional<RunProgress> running(String dataSource) {
        Progress progress = runningByDataSource.get(dataSource);
        return progress == null ? Optional.empty() : Optional.of(progress.snapshot());
    }

    /** @param request the trigger's request id, or {@code null} for a scheduled run */
    RunListener listenerFor(String request, String dataSource) {
        Progress progress = request == null ? new Progress(null, dataSource) : byRequest.computeIfAbsent(request,
                id -> new Progress(id, dataSource));
        runningByDataSource.put(dataSource, progress);
        return progress;
    }

    void finished(String request, String dataSource, RunRecord record) {
        runningByDataSource.remove(dataSource);
        if (request != null) {
            byRequest.computeIfPresent(request, (id, progress) -> progress.finish(record));
        }
    }

    void rejected(String request, String dataSource, String reason) {
        runningByDataSource.remove(dataSource);
        if (request != null) {
            byRequest.computeIfPresent(request, (id, progress) -> progress.reject(reason));
        }
    }

    /** Mutable progress of one run, written by the run's thread and read by JMX threads. */
    private static final class Progress implements RunListener {
        private final String request;
        private final String dataSource;
        private volatile RunProgress.State state = RunProgress.State.QUEUED;
        private volatile long runId;
        private volatile int filesPlanned = -1;
        private volatile int filesDone;
        private volatile int filesFailed;
        private volatile long rowsDone;
        private volatile long rowsInFile;
        private volatile String status;
        private volatile String error;

        Progress(String request, String dataSource) {
            this.request = request;
            this.dataSource = dataSource;
        }

        @Override
        public void started(long id) {
            runId = id;
            state = RunProgress.State.RUNNING;
        }

        @Override
        public void planned(int filesToImport) {
            filesPlanned = filesToImport;
        }

        @Override
        public void fileDone(String key, long rows, boolean failed) {
            filesDone++;
            if (failed) {
                filesFailed++;
            }
            rowsDone += rows;
            rowsInFile = 0;
        }

        @Override
        public void rowsRead(long rows) {
            rowsInFile = rows;
        }

        Progress finish(RunRecord record) {
            runId = record.id();
            status = record.status().name().toLowerCase(Locale.ROOT);
            error = record.error();
            rowsDone = record.rows();
            rowsInFile = 0;
            state = RunProgress.State.FINISHED;
            return this;
        }

        Progress reject(String reason) {
            error = reason;
            status = "failed";
            state = RunProgress.State.REJECTED;
            return this;
        }

        RunProgress snapshot() {
            return new RunProgress(request, dataSource, state.name(), runId, filesPlanned, filesDone, filesFailed,
                    rowsDone + rowsInFile, status, error);
        }
    }
}
