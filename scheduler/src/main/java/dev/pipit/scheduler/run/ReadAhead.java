package dev.pipit.scheduler.run;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.format.FormatReader;
import dev.pipit.spi.format.SourceRow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Reads a file's records on a thread of its own, and makes each into what the run writes (a converted row), while
 * the run's thread writes the rows before them: downloading, parsing and converting use one core, the database
 * (and on H2 its own work) the other. Rows travel in small batches through a queue bounded by count and by the
 * records' size: a file of huge records holds no more than a few megabytes in flight, plus the one being handed
 * over.
 *
 * <p>What the reader or the step throws reaches {@link #next()} in order, after the rows made before it, so a file
 * fails exactly as it would have on one thread. Only readers whose records stay valid after later reads
 * ({@link FormatReader#recordsStayValid()}) are read ahead; the others are read and converted on the run's thread.
 *
 * @param <T> what each record is made into
 */
final class ReadAhead<T> implements FileRows<T> {
    private static final int BATCH_RECORDS = 512;
    private static final long BATCH_BYTES = 1 << 20;
    private static final int BATCHES_IN_FLIGHT = 4;

    private final FormatReader reader;
    private final Function<SourceRow, T> step;
    private final BlockingQueue<Batch<T>> batches = new ArrayBlockingQueue<>(BATCHES_IN_FLIGHT);
    private final Thread thread;
    private volatile boolean closed;
    /** The reader's failure, kept in case handing it over fails too. */
    private volatile Throwable unhanded;
    private Batch<T> current = Batch.empty();
    private int next;

    private ReadAhead(FormatReader reader, Function<SourceRow, T> step, String source) {
        this.reader = reader;
        this.step = step;
        this.thread = new Thread(this::readAll, "pipit-read " + source);
        thread.setDaemon(true);
    }

    /**
     * The records of {@code reader}, each made into a {@code T} by {@code step}: ahead, on a thread named after
     * {@code source}, when the reader's records allow it. The rows own the reader and close it. Whatever the
     * caller needs to ask the reader (its field names) it asks before: the reading thread has it to itself.
     */
    static <T> FileRows<T> of(FormatReader reader, Function<SourceRow, T> step, String source) {
        requireNonNull(reader, "reader is null");
        requireNonNull(step, "step is null");
        if (!reader.recordsStayValid()) {
            return FileRows.inline(reader, step);
        }
        ReadAhead<T> readAhead = new ReadAhead<>(reader, step, source);
        readAhead.thread.start();
        return readAhead;
    }

    @Override
    public T next() throws IOException {
        while (next == current.records().size()) {
            if (current.last()) {
                rethrow(current.failure());
                return null;
            }
            current = take();
            next = 0;
        }
        return current.records().get(next++);
    }

    /**
     * The next batch. Should the reading thread die without handing over its last one (the heap so full that even
     * that failed), its failure is thrown here rather than leave this thread waiting for good.
     */
    private Batch<T> take() {
        try {
            while (true) {
                Batch<T> batch = batches.poll(100, TimeUnit.MILLISECONDS);
                if (batch != null) {
                    return batch;
                }
                if (!thread.isAlive()) {
                    batch = batches.poll();
                    if (batch != null) {
                        return batch;
                    }
                    if (unhanded instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException("the thread reading the file ended without its last records",
                            unhanded);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunAbortedException("stopped while reading; the file stays pending", e);
        }
    }

    private static void rethrow(Throwable failure) throws IOException {
        if (failure == null) {
            return;
        }
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw (Error) failure;
    }

    /** Ends the reading thread, then closes the reader on this thread once nothing reads it any more. */
    @Override
    public void close() throws IOException {
        closed = true;
        batches.clear();
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            reader.close();
        }
    }

    private void readAll() {
        List<T> records = new ArrayList<>(BATCH_RECORDS);
        long bytes = 0;
        try {
            SourceRow record;
            while (!closed && (record = reader.read()) != null) {
                bytes += size(record);
                records.add(step.apply(record));
                if (records.size() == BATCH_RECORDS || bytes >= BATCH_BYTES) {
                    hand(new Batch<>(records, false, null));
                    records = new ArrayList<>(BATCH_RECORDS);
                    bytes = 0;
                }
            }
            hand(new Batch<>(records, true, null));
        } catch (IOException | RuntimeException | Error e) {
            // OutOfMemoryError too: the run's thread fails the file with it as it would have on one thread.
            unhanded = e;
            hand(new Batch<>(records, true, e));
        }
    }

    /** Waits for room in the queue, giving up once the consumer has closed these rows. */
    private void hand(Batch<T> batch) {
        try {
            while (!closed) {
                if (batches.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // Only close() interrupts this thread, and it no longer wants the batch.
        }
    }

    /** About what a record holds in memory: its text twice (raw and parsed), else its values'. */
    private static long size(SourceRow record) {
        String raw = record.rawText();
        if (raw != null) {
            return 4L * raw.length();
        }
        long bytes = 0;
        for (int i = 0; i < record.fieldCount(); i++) {
            Object value = record.field(i);
            bytes += value instanceof String text ? 2L * text.length()
                    : value instanceof byte[] blob ? blob.length : 16;
        }
        return bytes;
    }

    private record Batch<T>(List<T> records, boolean last, Throwable failure) {
        static <T> Batch<T> empty() {
            return new Batch<>(List.of(), false, null);
        }
    }
}
