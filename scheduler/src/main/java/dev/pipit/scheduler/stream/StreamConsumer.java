package dev.pipit.scheduler.stream;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunHistory;
import dev.pipit.scheduler.history.RunStatus;
import dev.pipit.scheduler.history.RunTrigger;
import dev.pipit.scheduler.load.Causes;
import dev.pipit.scheduler.load.RowConversion;
import dev.pipit.scheduler.load.TableLoader;
import dev.pipit.scheduler.project.ColumnDef;
import dev.pipit.scheduler.project.ConnectorBinding;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.project.KafkaSpec;
import dev.pipit.spi.stream.PartitionListener;
import dev.pipit.spi.stream.RecordStream;
import dev.pipit.spi.stream.StreamException;
import dev.pipit.spi.stream.StreamRecord;
import dev.pipit.spi.stream.StreamSubscription;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of one Kafka data source until {@link #stop()}: collects a batch, writes its rows, quarantined rows,
 * offsets and history counters in ONE transaction, and only then tells the broker. That single commit is the
 * exactly-once guarantee: a crash leaves either the whole batch with its offsets or neither, and the next consumer
 * seeks to the stored offsets. The consumer's thread polls and decodes; the transaction runs on a writing thread
 * ({@link BatchWrites}), one batch at a time, so the next batch is read while the database takes this one.
 */
final class StreamConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(StreamConsumer.class);

    private final Database database;
    private final TableLoader tables;
    private final StreamOffsets offsets;
    private final RunHistory history;
    private final MessageDecoder decoder;
    private final StreamSettings settings;
    private final String node;
    private final DataSourceDef dataSource;
    private final KafkaSpec spec;
    /** The data source's columns; without {@code SCHEMA}, those its topic declares, learnt when {@link #run} starts. */
    private List<ColumnDef> columns;
    private RowConversion conversion;

    /** The stored next offset of each partition this consumer holds; {@code null} where none is stored yet. */
    private final Map<Integer, Long> positions = new HashMap<>();
    private final List<StreamRecord> pending = new ArrayList<>();
    /** The offset after the last pending message of each partition. */
    private final Map<Integer, Long> pendingNext = new TreeMap<>();
    private long pendingBytes;
    /**
     * Polled messages the batch had no room for, in poll order. A poll returns up to a whole batch, so the last
     * poll of a batch may bring more than fits; the surplus opens the next batch instead of swelling this one.
     * Held in memory only: after a crash the stored offsets bring them back.
     */
    private final Deque<StreamRecord> unbatched = new ArrayDeque<>();

    /** Writes the batches; set when {@link #run} opens the stream. */
    private BatchWrites writes;
    /** What the last write threw, kept when it ended during a rebalance, for the loop to throw. */
    private Exception writeFailure;
    /** The offsets the last finished write stored, for the broker's copy. */
    private Map<Integer, Long> lastStored = Map.of();

    private volatile boolean stopped;
    private volatile RecordStream stream;
    private volatile boolean polled;
    private long runId = -1;
    private Instant runStarted;

    StreamConsumer(Database database, TableLoader tables, StreamOffsets offsets, RunHistory history,
            MessageDecoder decoder, StreamSettings settings, String node, DataSourceDef dataSource) {
        this.database = requireNonNull(database, "database is null");
        this.tables = requireNonNull(tables, "tables is null");
        this.offsets = requireNonNull(offsets, "offsets is null");
        this.history = requireNonNull(history, "history is null");
        this.decoder = requireNonNull(decoder, "decoder is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.node = requireNonNull(node, "node is null");
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
        this.spec = dataSource.kafkaSpec().orElseThrow();
        this.columns = StreamColumns.of(dataSource);
        this.conversion = RowConversion.ofNamedRecords(columns);
    }

    /**
     * Consumes until {@link #stop()}.
     *
     * @throws RuntimeException when consumption fails; the batch in progress was rolled back
     */
    void run(ConnectorBinding connection) {
        try {
            StreamSubscription subscription = new StreamSubscription(spec.topic(), spec.groupId(),
                    spec.autoOffsetReset().equals("earliest"), settings.batchMaxRecords(), new Placement(),
                    streamSettings());
            if (dataSource.schema().isEmpty()) {
                columns = StreamColumns.of(dataSource, StreamColumns.declared(
                        connection.valueFields(subscription), spec.location()));
                conversion = RowConversion.ofNamedRecords(columns);
            }
            tables.prepare(new DataSourceDef(dataSource.name(), dataSource.file(), dataSource.description(), columns,
                    dataSource.settings(), dataSource.importSpec(), dataSource.kafkaSpec()));
            try (BatchWrites batchWrites = new BatchWrites(dataSource.name());
                    RecordStream opened = openStream(connection, subscription, batchWrites)) {
                while (!stopped) {
                    collect(opened);
                    throwIfAWriteFailed();
                    polled = true;
                    if (!pending.isEmpty()) {
                        Batch batch = takeBatch();
                        finishWrite(opened);
                        startWrite(batch);
                    } else {
                        finishWrite(opened); // nothing came for a while: the batch in flight is stored by now
                    }
                    if (intervalIsDue()) {
                        finishWrite(opened);
                        endInterval(RunStatus.SUCCEEDED, null);
                    }
                }
                finishWrite(opened);
            }
            endInterval(RunStatus.SUCCEEDED, null);
        } catch (RuntimeException e) {
            endInterval(RunStatus.FAILED, Causes.describe(e));
            throw e;
        } catch (SQLException | IOException e) {
            String cause = Causes.describe(e);
            endInterval(RunStatus.FAILED, cause);
            throw new IllegalStateException(cause, e);
        }
    }

    /** Opens the stream with {@code batchWrites} in place, as partitions may be placed from the first call on. */
    private RecordStream openStream(ConnectorBinding connection, StreamSubscription subscription,
            BatchWrites batchWrites) {
        writes = batchWrites;
        RecordStream opened = connection.openStream(subscription);
        stream = opened;
        return opened;
    }

    /** Whether a poll of the broker succeeded: the connection's settings and credentials are taken. */
    boolean hasPolled() {
        return polled;
    }

    /** Ends {@link #run} after the batch in progress; callable from any thread. */
    void stop() {
        stopped = true;
        RecordStream current = stream;
        if (current != null) {
            current.wakeup();
        }
    }

    private void collect(RecordStream opened) {
        Instant deadline = Instant.now().plus(settings.batchMaxWait());
        while (!stopped && pending.size() < settings.batchMaxRecords()) {
            if (unbatched.isEmpty()) {
                Duration left = Duration.between(Instant.now(), deadline);
                if (left.isNegative() || left.isZero()) {
                    return;
                }
                unbatched.addAll(opened.poll(left));
            }
            while (!unbatched.isEmpty() && pending.size() < settings.batchMaxRecords()) {
                if (!pending.isEmpty() && pendingBytes + size(unbatched.peek()) > settings.batchMaxBytes()) {
                    // Full by bytes: the message opens the next batch.
                    return;
                }
                accept(unbatched.poll());
            }
        }
    }

    /** Keeps a message of a partition this consumer holds, once: nothing before the stored offset comes back. */
    private void accept(StreamRecord record) {
        int partition = record.partition();
        if (!positions.containsKey(partition)) {
            return;
        }
        Long floor = pendingNext.getOrDefault(partition,
                writes.inFlightNext().getOrDefault(partition, positions.get(partition)));
        if (floor != null && record.offset() < floor) {
            return;
        }
        pending.add(record);
        pendingBytes += size(record);
        pendingNext.put(partition, record.offset() + 1);
    }

    /**
     * Takes the pending messages as a batch, decoded and converted to rows (in parallel slices) before any
     * transaction opens, which then lasts only as long as the writing.
     */
    private Batch takeBatch() {
        if (runId < 0) {
            runId = history.start(dataSource.name(), RunTrigger.STREAM, node);
            runStarted = Instant.now();
        }
        List<StreamRecord> records = List.copyOf(pending);
        RowConversion conversion = this.conversion;
        List<RowConversion.Converted> rows = decoder.decodeInParallel(records,
                (index, value) -> conversion.convert(new MessageRecord(records.get(index), value)));
        Batch batch = new Batch(rows, new TreeMap<>(pendingNext), pendingBytes, runId);
        pending.clear();
        pendingBytes = 0;
        pendingNext.clear();
        return batch;
    }

    /** Writes the batch on the writing thread; the one before has finished, so the positions are its offsets. */
    private void startWrite(Batch batch) {
        Map<Integer, Long> expected = new HashMap<>();
        batch.next().keySet().forEach(partition -> expected.put(partition, positions.get(partition)));
        writes.start(() -> store(batch, expected), batch.next());
    }

    /**
     * Rows, quarantined rows, offsets and history counters of one batch in one transaction. Runs on the writing
     * thread, so it reads nothing of the consumer's but the batch and {@code expected}.
     *
     * @param expected each partition's stored offset the batch reads from, {@code null} where none is stored
     */
    private BatchCounts store(Batch batch, Map<Integer, Long> expected) throws SQLException {
        BatchCounts counts = database.jdbi().inTransaction(handle -> {
            long rows = 0;
            long quarantined = 0;
            String importId = Long.toString(batch.runId());
            try (TableLoader.Load load = tables.begin(handle, dataSource.name(), columns, importId)) {
                for (RowConversion.Converted row : batch.rows()) {
                    if (load.accept(row)) {
                        rows++;
                    } else {
                        quarantined++;
                    }
                }
                load.finish();
            }
            for (Map.Entry<Integer, Long> next : batch.next().entrySet()) {
                offsets.advance(handle, dataSource.name(), spec.groupId(), spec.topic(), next.getKey(),
                        expected.get(next.getKey()), next.getValue());
            }
            history.addBatch(handle, batch.runId(), rows, batch.bytes(), quarantined);
            return new BatchCounts(rows, quarantined);
        });
        LOG.debug("{}: stored {} rows, quarantined {}, offsets now {}", dataSource.name(), counts.rows(),
                counts.quarantined(), batch.next());
        return counts;
    }

    /**
     * Waits for the batch being written, takes its offsets as the stored positions and tells the broker.
     *
     * @throws SQLException or a RuntimeException: what the write threw, its transaction rolled back
     */
    private void finishWrite(RecordStream opened) throws SQLException {
        settleWrite();
        throwIfAWriteFailed();
        // A rebalance since the write may have taken partitions away: their offsets are the new owner's to send.
        Map<Integer, Long> held = new TreeMap<>(lastStored);
        held.keySet().retainAll(positions.keySet());
        lastStored = Map.of();
        if (!held.isEmpty()) {
            commitToBroker(opened, held);
        }
    }

    /**
     * Waits for the batch being written and takes its offsets as the stored positions, or keeps its failure for
     * the consumer's loop to throw: a rebalance, during which this runs, must not end in the middle of a write.
     */
    private void settleWrite() {
        try {
            Map<Integer, Long> stored = writes.finish();
            stored.forEach((partition, next) -> {
                if (positions.containsKey(partition)) {
                    positions.put(partition, next);
                }
            });
            if (!stored.isEmpty()) {
                lastStored = stored;
            }
        } catch (Exception e) {
            writeFailure = e;
        }
    }

    private void throwIfAWriteFailed() throws SQLException {
        Exception failure = writeFailure;
        writeFailure = null;
        if (failure instanceof SQLException sql) {
            throw sql;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    private static int size(StreamRecord record) {
        return record.value() == null ? 0 : record.value().length;
    }

    /** The broker's copy of the offsets is for tooling only; failing to write it loses nothing. */
    private void commitToBroker(RecordStream opened, Map<Integer, Long> committed) {
        try {
            opened.commit(committed);
        } catch (StreamException e) {
            LOG.warn("{}: the offsets are stored, but the broker did not take its copy ({}); Kafka tools may show "
                    + "a larger lag until the next batch", dataSource.name(), e.getMessage());
        }
    }

    private boolean intervalIsDue() {
        return runId >= 0 && Duration.between(runStarted, Instant.now()).compareTo(settings.historyInterval()) >= 0;
    }

    private void endInterval(RunStatus status, String error) {
        if (runId < 0 && status == RunStatus.FAILED) {
            runId = history.start(dataSource.name(), RunTrigger.STREAM, node);
        }
        if (runId >= 0) {
            history.finish(runId, status, error);
            runId = -1;
        }
    }

    /** The data source's {@code KAFKA_*} settings for the connector; an empty value counts as not set. */
    private Map<String, String> streamSettings() {
        Map<String, String> values = new HashMap<>();
        dataSource.settings().forEach((key, setting) -> {
            if (key.startsWith("KAFKA_") && !setting.value().isBlank()) {
                values.put(key, setting.value().strip());
            }
        });
        return values;
    }

    private record BatchCounts(long rows, long quarantined) {}

    /**
     * Messages taken from the pending ones to be written together.
     *
     * @param rows each message's row, or why it goes to quarantine
     * @param next the offset after the batch's last message, by partition
     * @param bytes the size of the messages' values
     * @param runId the history run the batch counts in
     */
    private record Batch(List<RowConversion.Converted> rows, Map<Integer, Long> next, long bytes, long runId) {}

    /** Places each assigned partition at its stored offset and forgets what it held of revoked ones. */
    private final class Placement implements PartitionListener {
        @Override
        public Map<Integer, Long> assigned(Set<Integer> partitions) {
            settleWrite();
            Map<Integer, Long> stored = offsets.read(spec.groupId(), spec.topic(), partitions);
            for (Integer partition : partitions) {
                positions.put(partition, stored.get(partition));
            }
            LOG.info("{}: partitions {} of {} assigned; stored offsets {} (the others start at the group's "
                    + "offset, else at the {})", dataSource.name(), new TreeSet<>(partitions), spec.topic(),
                    new TreeMap<>(stored), spec.autoOffsetReset());
            return stored;
        }

        @Override
        public void revoked(Set<Integer> partitions) {
            settleWrite();
            positions.keySet().removeAll(partitions);
            pending.removeIf(record -> partitions.contains(record.partition()));
            unbatched.removeIf(record -> partitions.contains(record.partition()));
            pendingNext.keySet().removeAll(partitions);
            LOG.info("{}: partitions {} of {} revoked", dataSource.name(), new TreeSet<>(partitions), spec.topic());
        }
    }
}
