package dev.pipit.scheduler.run;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.format.FormatReader;
import dev.pipit.spi.format.SourceRow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a file's records on a thread of its own while the run's thread writes the records before them, so that
 * downloading, decompressing and parsing use one core and converting and writing (or, on H2, the database itself)
 * the other. Records travel in small batches through a queue bounded by count and by size: a file of huge records
 * holds no more than a few megabytes in flight, plus the one record being handed over.
 *
 * <p>What the reader throws reaches {@link #read()} in order, after the records read before it, so a file fails
 * exactly as it would have read on one thread. Only readers whose records stay valid after later reads
 * ({@link FormatReader#recordsStayValid()}) are read ahead.
 */
final class ReadAhead implements FormatReader {
    private static final int BATCH_RECORDS = 512;
    private static final long BATCH_BYTES = 1 << 20;
    private static final int BATCHES_IN_FLIGHT = 4;

    private final FormatReader reader;
    private final List<String> fieldNames;
    private final List<String> fieldTypes;
    private final boolean positional;
    private final boolean recordsFollowFieldNames;
    private final Map<String, String> dialect;
    private final BlockingQueue<Batch> batches = new ArrayBlockingQueue<>(BATCHES_IN_FLIGHT);
    private final Thread thread;
    private volatile boolean closed;
    /** The reader's failure, kept in case handing it over fails too. */
    private volatile Throwable unhanded;
    private Batch current = Batch.EMPTY;
    private int next;

    /** Asks the reader what it declares now, since the reading thread has it to itself from its start on. */
    private ReadAhead(FormatReader reader, String source) {
        this.reader = requireNonNull(reader, "reader is null");
        this.fieldNames = reader.fieldNames();
        this.fieldTypes = reader.fieldTypes();
        this.positional = reader.positional();
        this.recordsFollowFieldNames = reader.recordsFollowFieldNames();
        this.dialect = reader.dialect();
        this.thread = new Thread(this::readAll, "pipit-read " + source);
        thread.setDaemon(true);
    }

    /** {@code reader}, read ahead on a thread named after {@code source} when its records allow it. */
    static FormatReader of(FormatReader reader, String source) {
        if (!reader.recordsStayValid()) {
            return reader;
        }
        ReadAhead readAhead = new ReadAhead(reader, source);
        readAhead.thread.start();
        return readAhead;
    }

    @Override
    public List<String> fieldNames() {
        return fieldNames;
    }

    @Override
    public List<String> fieldTypes() {
        return fieldTypes;
    }

    @Override
    public boolean positional() {
        return positional;
    }

    @Override
    public Map<String, String> dialect() {
        return dialect;
    }

    @Override
    public boolean recordsFollowFieldNames() {
        return recordsFollowFieldNames;
    }

    @Override
    public boolean recordsStayValid() {
        return true;
    }

    @Override
    public SourceRow read() throws IOException {
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
    private Batch take() {
        try {
            while (true) {
                Batch batch = batches.poll(100, TimeUnit.MILLISECONDS);
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
        List<SourceRow> records = new ArrayList<>(BATCH_RECORDS);
        long bytes = 0;
        try {
            SourceRow record;
            while (!closed && (record = reader.read()) != null) {
                records.add(record);
                bytes += size(record);
                if (records.size() == BATCH_RECORDS || bytes >= BATCH_BYTES) {
                    hand(new Batch(records, false, null));
                    records = new ArrayList<>(BATCH_RECORDS);
                    bytes = 0;
                }
            }
            hand(new Batch(records, true, null));
        } catch (IOException | RuntimeException | Error e) {
            // OutOfMemoryError too: the run's thread fails the file with it as it would have on one thread.
            unhanded = e;
            hand(new Batch(records, true, e));
        }
    }

    /** Waits for room in the queue, giving up once the consumer has closed this reader. */
    private void hand(Batch batch) {
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

    private record Batch(List<SourceRow> records, boolean last, Throwable failure) {
        static final Batch EMPTY = new Batch(List.of(), false, null);
    }
}
