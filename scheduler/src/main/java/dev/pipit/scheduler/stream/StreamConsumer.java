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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of one Kafka data source, on one thread, until {@link #stop()}: collects a batch, writes its rows,
 * quarantined rows, offsets and history counters in ONE transaction, and only then tells the broker. That single
 * commit is the exactly-once guarantee: a crash leaves either the whole batch with its offsets or neither, and the
 * next consumer seeks to the stored offsets.
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
            try (RecordStream opened = connection.openStream(subscription)) {
                stream = opened;
                while (!stopped) {
                    collect(opened);
                    polled = true;
                    if (!pending.isEmpty()) {
                        write();
                        commitToBroker(opened);
                    }
                    endIntervalIfDue();
                }
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
        Long floor = pendingNext.getOrDefault(partition, positions.get(partition));
        if (floor != null && record.offset() < floor) {
            return;
        }
        pending.add(record);
        pendingBytes += size(record);
        pendingNext.put(partition, record.offset() + 1);
    }

    private void write() throws SQLException {
        if (runId < 0) {
            runId = history.start(dataSource.name(), RunTrigger.STREAM, node);
            runStarted = Instant.now();
        }
        long importId = runId;
        // Decoded and converted before the transaction opens, which then lasts only as long as the writing.
        RowConversion conversion = this.conversion;
        List<RowConversion.Converted> converted = decoder.decodeInParallel(
                pending.stream().map(StreamRecord::value).toList(),
                pending.stream().map(StreamConsumer::source).toList(),
                pending.stream().map(StreamRecord::error).toList(),
                (index, value) -> conversion.convert(new MessageRecord(pending.get(index), value)));
        BatchCounts counts = database.jdbi().inTransaction(handle -> {
            long rows = 0;
            long quarantined = 0;
            long bytes = 0;
            try (TableLoader.Load load = tables.begin(handle, dataSource.name(), columns, Long.toString(importId))) {
                for (int i = 0; i < pending.size(); i++) {
                    StreamRecord record = pending.get(i);
                    if (load.accept(converted.get(i))) {
                        rows++;
                    } else {
                        quarantined++;
                    }
                    bytes += size(record);
                }
                load.finish();
            }
            for (Map.Entry<Integer, Long> next : pendingNext.entrySet()) {
                offsets.advance(handle, dataSource.name(), spec.groupId(), spec.topic(), next.getKey(),
                        positions.get(next.getKey()), next.getValue());
            }
            history.addBatch(handle, importId, rows, bytes, quarantined);
            return new BatchCounts(rows, quarantined);
        });
        LOG.debug("{}: stored {} rows, quarantined {}, offsets now {}", dataSource.name(), counts.rows(),
                counts.quarantined(), pendingNext);
        positions.putAll(pendingNext);
    }

    private static int size(StreamRecord record) {
        return record.value() == null ? 0 : record.value().length;
    }

    /** The broker's copy of the offsets is for tooling only; failing to write it loses nothing. */
    private void commitToBroker(RecordStream opened) {
        Map<Integer, Long> committed = new LinkedHashMap<>(pendingNext);
        pending.clear();
        pendingBytes = 0;
        pendingNext.clear();
        try {
            opened.commit(committed);
        } catch (StreamException e) {
            LOG.warn("{}: the offsets are stored, but the broker did not take its copy ({}); Kafka tools may show "
                    + "a larger lag until the next batch", dataSource.name(), e.getMessage());
        }
    }

    private void endIntervalIfDue() {
        if (runId >= 0 && Duration.between(runStarted, Instant.now()).compareTo(settings.historyInterval()) >= 0) {
            endInterval(RunStatus.SUCCEEDED, null);
        }
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

    private static String source(StreamRecord record) {
        return record.topic() + "[" + record.partition() + "]@" + record.offset();
    }

    private record BatchCounts(long rows, long quarantined) {}

    /** Places each assigned partition at its stored offset and forgets what it held of revoked ones. */
    private final class Placement implements PartitionListener {
        @Override
        public Map<Integer, Long> assigned(Set<Integer> partitions) {
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
            positions.keySet().removeAll(partitions);
            pending.removeIf(record -> partitions.contains(record.partition()));
            unbatched.removeIf(record -> partitions.contains(record.partition()));
            pendingNext.keySet().removeAll(partitions);
            LOG.info("{}: partitions {} of {} revoked", dataSource.name(), new TreeSet<>(partitions), spec.topic());
        }
    }
}
