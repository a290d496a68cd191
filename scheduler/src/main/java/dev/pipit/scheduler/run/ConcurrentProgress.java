package dev.pipit.scheduler.run;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A run's listener for files imported on several threads at once: calls reach it one at a time, and the rows read
 * of the files in progress are added up, so a progress bar counts every file's rows rather than jumping between
 * them.
 */
final class ConcurrentProgress implements RunListener {
    private final RunListener listener;
    private final Map<Thread, Long> rowsInProgress = new ConcurrentHashMap<>();

    ConcurrentProgress(RunListener listener) {
        this.listener = requireNonNull(listener, "listener is null");
    }

    @Override
    public synchronized void started(long runId) {
        listener.started(runId);
    }

    @Override
    public synchronized void planned(int filesToImport) {
        listener.planned(filesToImport);
    }

    /**
     * A listener takes a file's end as the end of the rows in progress: the other files' rows are told again at
     * once, or a progress bar dropped them (and its row count) until their next batch was read.
     */
    @Override
    public synchronized void fileDone(String key, long rows, boolean failed) {
        rowsInProgress.remove(Thread.currentThread());
        listener.fileDone(key, rows, failed);
        if (!rowsInProgress.isEmpty()) {
            listener.rowsRead(rowsInProgressSum());
        }
    }

    @Override
    public synchronized void rowsRead(long rowsInFile) {
        rowsInProgress.put(Thread.currentThread(), rowsInFile);
        listener.rowsRead(rowsInProgressSum());
    }

    private long rowsInProgressSum() {
        return rowsInProgress.values().stream().mapToLong(Long::longValue).sum();
    }
}
