package dev.pipit.scheduler.stream;

/**
 * Where a Kafka data source stands in one partition.
 *
 * @param partition the partition
 * @param storedOffset the next offset stored with the rows, or {@code null} when nothing was stored yet
 * @param endOffset the offset after the partition's last message, or {@code null} when the broker did not answer
 */
public record PartitionLag(int partition, Long storedOffset, Long endOffset) {
    /** Messages not yet in the table, or {@code null} when unknown. */
    public Long lag() {
        if (endOffset == null) {
            return null;
        }
        return storedOffset == null ? endOffset : Math.max(0, endOffset - storedOffset);
    }
}
