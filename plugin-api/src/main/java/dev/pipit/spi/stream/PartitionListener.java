package dev.pipit.spi.stream;

import java.util.Map;
import java.util.Set;

/**
 * Hears about the partitions a {@link RecordStream} is given and loses. Called on the thread that calls
 * {@link RecordStream#poll}, inside that call, so the core never sees a record of a partition it has not placed.
 */
public interface PartitionListener {
    /**
     * Partitions were assigned to this consumer.
     *
     * @return the offset each partition must be read from, as the core stored it with the rows; a partition left
     *     out starts at the group's committed offset, else where {@link StreamSubscription#startAtEarliest} says
     */
    Map<Integer, Long> assigned(Set<Integer> partitions);

    /** Partitions were taken away (a rebalance, or the stream is closing); records of them may no longer be read. */
    void revoked(Set<Integer> partitions);
}
