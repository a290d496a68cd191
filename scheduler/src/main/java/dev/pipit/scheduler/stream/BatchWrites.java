package dev.pipit.scheduler.stream;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A stream's batches written one at a time on a thread of their own, so that the consumer's thread polls and
 * decodes the next batch while the database takes this one: on PostgreSQL a batch's transaction is mostly waiting
 * for the server, and that wait was a third of a stream's time. At most one batch is in flight; the consumer waits
 * for it before it hands over the next, so batches still commit in order, each with its offsets.
 */
final class BatchWrites implements AutoCloseable {
    private final ExecutorService thread;
    private Future<?> inFlight;
    private Map<Integer, Long> inFlightNext = Map.of();

    BatchWrites(String dataSource) {
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread writer = new Thread(runnable, "stream-write-" + dataSource);
            writer.setDaemon(true);
            return writer;
        });
    }

    /**
     * Starts writing a batch; the one before must be {@link #finish() finished}.
     *
     * @param next the offset after the batch's last message, by partition: what it stores when it commits
     */
    void start(Callable<?> write, Map<Integer, Long> next) {
        if (inFlight != null) {
            throw new IllegalStateException("a batch is still being written");
        }
        inFlight = thread.submit(write);
        inFlightNext = Map.copyOf(next);
    }

    /** The offsets the batch in flight stores when it commits; empty when none is in flight. */
    Map<Integer, Long> inFlightNext() {
        return inFlightNext;
    }

    /**
     * Waits for the batch in flight.
     *
     * @return the offsets it stored, by partition; empty when none was in flight
     * @throws Exception what the write threw: its transaction was rolled back
     */
    Map<Integer, Long> finish() throws Exception {
        if (inFlight == null) {
            return Map.of();
        }
        Future<?> write = inFlight;
        Map<Integer, Long> next = inFlightNext;
        inFlight = null;
        inFlightNext = Map.of();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    write.get();
                    return next;
                } catch (InterruptedException e) {
                    // The transaction holds a connection and may be committing: its outcome must be known.
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw (Exception) e.getCause();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits for the batch in flight, whatever its outcome, and lets the writing thread go. */
    @Override
    public void close() {
        try {
            finish();
        } catch (Exception e) {
            // The consumer is ending, with this failure or with one of its own.
        } finally {
            thread.shutdown();
        }
    }
}
