package dev.pipit.scheduler.stream;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The offsets a consumer group has stored with its rows ({@code pipit.stream_offsets}). Each batch moves them
 * inside its own transaction, and only from the offset the consumer started from: should two consumers ever hold
 * one partition at once (a rebalance while a node hangs), the second commit finds the offset moved and rolls its
 * batch back, so no message is stored twice.
 */
public final class StreamOffsets {
    private static final String READ = """
            SELECT partition_id, next_offset FROM pipit.stream_offsets
             WHERE group_id = :group AND topic = :topic""";

    private static final String ADVANCE = """
            UPDATE pipit.stream_offsets SET next_offset = :next, updated_at = CURRENT_TIMESTAMP
             WHERE group_id = :group AND topic = :topic AND partition_id = :partition AND next_offset = :expected""";

    private static final String INSERT = """
            INSERT INTO pipit.stream_offsets (group_id, topic, partition_id, datasource, next_offset, updated_at)
            VALUES (:group, :topic, :partition, :datasource, :next, CURRENT_TIMESTAMP)""";

    private static final String BY_DATASOURCE = """
            SELECT partition_id, next_offset FROM pipit.stream_offsets WHERE datasource = :datasource""";

    private final Jdbi jdbi;

    public StreamOffsets(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /** The stored next offset of each of {@code partitions} that has one. */
    Map<Integer, Long> read(String group, String topic, Set<Integer> partitions) {
        Map<Integer, Long> stored = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery(READ)
                .bind("group", group)
                .bind("topic", topic)
                .map((rs, context) -> Map.entry(rs.getInt("partition_id"), rs.getLong("next_offset")))
                .forEach(entry -> {
                    if (partitions.contains(entry.getKey())) {
                        stored.put(entry.getKey(), entry.getValue());
                    }
                }));
        return stored;
    }

    /**
     * Moves a partition's offset in the caller's transaction.
     *
     * @param expected the offset the consumer read from, or {@code null} when none was stored
     * @throws ConcurrentConsumerException when another consumer moved it meanwhile
     */
    void advance(Handle handle, String dataSource, String group, String topic, int partition, Long expected, long next) {
        if (expected == null) {
            handle.createUpdate(INSERT)
                    .bind("group", group)
                    .bind("topic", topic)
                    .bind("partition", partition)
                    .bind("datasource", dataSource)
                    .bind("next", next)
                    .execute();
            return;
        }
        int updated = handle.createUpdate(ADVANCE)
                .bind("group", group)
                .bind("topic", topic)
                .bind("partition", partition)
                .bind("expected", expected)
                .bind("next", next)
                .execute();
        if (updated != 1) {
            throw new ConcurrentConsumerException("partition " + partition + " of topic " + topic + " moved past "
                    + "offset " + expected + " under another consumer of group " + group + "; this batch is dropped");
        }
    }

    /** Every stored offset of a data source, by partition, for {@code status}. */
    public Map<Integer, Long> byDataSource(String dataSource) {
        Map<Integer, Long> offsets = new HashMap<>();
        jdbi.useHandle(handle -> {
            List<Map.Entry<Integer, Long>> rows = handle.createQuery(BY_DATASOURCE)
                    .bind("datasource", dataSource)
                    .map((rs, context) -> Map.entry(rs.getInt("partition_id"), rs.getLong("next_offset")))
                    .list();
            rows.forEach(entry -> offsets.put(entry.getKey(), entry.getValue()));
        });
        return offsets;
    }

    /** Another consumer moved a partition's offset while this one held a batch of it. */
    static final class ConcurrentConsumerException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConcurrentConsumerException(String message) {
            super(message);
        }
    }
}
