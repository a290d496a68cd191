package dev.pipit.spi.stream;

import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A subscription to one topic, read in batches by one thread. The core owns the offsets: it stores each batch's
 * rows and its next offsets in one database transaction, then {@link #commit}s them to the broker only so that
 * the usual tooling shows the group's lag.
 */
public interface RecordStream extends Closeable {
    /**
     * The next batch, in offset order within each partition; empty when nothing arrived within {@code timeout}.
     * Partition changes are reported to the {@link PartitionListener} inside this call.
     *
     * @throws StreamException when the broker cannot be reached or refuses the credentials
     */
    List<StreamRecord> poll(Duration timeout);

    /**
     * Tells the broker the group's position, after the core committed it in its own database. It need not wait for
     * the broker's answer: a refusal may be reported by a later call instead.
     *
     * @param nextOffsets the next offset to read, by partition
     * @throws StreamException when the broker refuses, which costs nothing: the core's offsets are the ones used
     */
    void commit(Map<Integer, Long> nextOffsets);

    /** Makes a {@link #poll} blocked in another thread return at once; the only method safe to call from another thread. */
    void wakeup();
}
