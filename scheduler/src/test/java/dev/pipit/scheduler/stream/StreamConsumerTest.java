package dev.pipit.scheduler.stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunHistory;
import dev.pipit.scheduler.load.TableLoader;
import dev.pipit.scheduler.project.ColumnDef;
import dev.pipit.scheduler.project.ConnectorBinding;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.project.KafkaSpec;
import dev.pipit.scheduler.project.Location;
import dev.pipit.scheduler.testutil.TestDatabases;
import dev.pipit.spi.config.SettingsSpec;
import dev.pipit.spi.connector.ConnectorContext;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.connector.ConnectorKind;
import dev.pipit.spi.format.SourceRow;
import dev.pipit.spi.stream.RecordStream;
import dev.pipit.spi.stream.StreamRecord;
import dev.pipit.spi.stream.StreamSubscription;
import dev.pipit.testkit.db.Backend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The consumer's batches against a scripted stream: what reaches the database, in which batches, with which
 * offsets. On H2 and on PostgreSQL.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class StreamConsumerTest {
    private static final int BATCH_MAX_RECORDS = 5;
    private static final String TOPIC = "clicks";

    @Parameter
    Backend backend;

    private Database database;

    @BeforeEach
    void openDatabase() {
        database = TestDatabases.open(backend);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    /**
     * Polls of three against batches of five: without a bound the second poll would make a batch of six. The
     * surplus opens the next batch instead, in order, so every message is stored once.
     */
    @Test
    void aBatchNeverExceedsItsBoundAndTheSurplusOpensTheNextOne() {
        ScriptedStream stream = new ScriptedStream(23, 3);

        consume(stream);

        assertThat(stream.batchSizes()).containsExactly(5, 5, 5, 5, 3);
        assertThat(stream.committed()).containsExactly(5L, 10L, 15L, 20L, 23L);
        assertThat(count("SELECT count(DISTINCT __offset) FROM events_quarantine")).isEqualTo(23);
        assertThat(count("SELECT next_offset FROM pipit.stream_offsets WHERE topic = '" + TOPIC + "'")).isEqualTo(23);
    }

    /**
     * Messages of 9 and 10 bytes against batches of 25 bytes: two messages each, the third opening the next batch.
     */
    @Test
    void aBatchNeverExceedsItsBytes() {
        ScriptedStream stream = new ScriptedStream(23, 3);

        consume(stream, 25);

        assertThat(stream.batchSizes()).containsExactly(2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1);
        assertThat(count("SELECT count(DISTINCT __offset) FROM events_quarantine")).isEqualTo(23);
    }

    /**
     * Batches are written on a thread of their own while the next is read: a write that fails must still end the
     * consumer with its failure, store nothing of its batch, and let no later batch be stored or sent to the broker.
     * The quarantine table goes away once the first batch's broker copy is sent, so the second batch cannot land.
     */
    @Test
    void aBatchWhoseWriteFailsEndsTheConsumerAndNothingFromItOnIsStored() {
        ScriptedStream stream = new ScriptedStream(23, 5);
        stream.whenCommitted(next -> {
            if (next == 5) {
                database.jdbi().useHandle(handle -> handle.execute("DROP TABLE events_quarantine"));
            }
        });

        assertThatThrownBy(() -> consume(stream)).isInstanceOf(RuntimeException.class);

        assertThat(stream.committed()).containsExactly(5L);
        assertThat(count("SELECT next_offset FROM pipit.stream_offsets WHERE topic = '" + TOPIC + "'")).isEqualTo(5);
    }

    private void consume(ScriptedStream stream) {
        consume(stream, StreamSettings.DEFAULT_BATCH_MAX_BYTES);
    }

    private void consume(ScriptedStream stream, int batchMaxBytes) {
        StreamSettings settings = new StreamSettings(BATCH_MAX_RECORDS, batchMaxBytes, Duration.ofMillis(50),
                Duration.ofMinutes(1), Duration.ofMinutes(1));
        StreamConsumer consumer = new StreamConsumer(database, new TableLoader(database),
                new StreamOffsets(database.jdbi()), new RunHistory(database.jdbi()), new MessageDecoder(value -> new Unreadable()),
                settings, "node-1", dataSource());
        stream.whenDrained(consumer::stop);
        consumer.run(new ConnectorBinding(new ScriptedConnector(stream), new ConnectorContext("stream", Map.of())));
    }

    private static DataSourceDef dataSource() {
        Location location = new Location("datasources/events.datasource", 3);
        KafkaSpec spec = new KafkaSpec("stream", TOPIC, "pipit-events", "earliest", false, false, "auto", location);
        List<ColumnDef> schema = List.of(new ColumnDef("id", "Int64", "$.id", null, null, location));
        return new DataSourceDef("events", "datasources/events.datasource", "", schema, Map.of(), Optional.empty(),
                Optional.of(spec));
    }

    private long count(String sql) {
        return database.jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).one());
    }

    /**
     * One partition of {@code messages} messages, handed out {@code pollSize} at a time like a consumer whose
     * {@code max.poll.records} is {@code pollSize}. Records each commit, one per stored batch.
     */
    private static final class ScriptedStream implements RecordStream {
        private final int messages;
        private final int pollSize;
        private final List<Long> committed = new ArrayList<>();
        private StreamSubscription subscription;
        private Runnable drained = () -> {};
        private LongConsumer committedHook = next -> {};
        private long position = -1;

        ScriptedStream(int messages, int pollSize) {
            this.messages = messages;
            this.pollSize = pollSize;
        }

        void whenDrained(Runnable action) {
            drained = action;
        }

        void whenCommitted(LongConsumer action) {
            committedHook = action;
        }

        List<Long> committed() {
            return committed;
        }

        List<Integer> batchSizes() {
            List<Integer> sizes = new ArrayList<>();
            long previous = 0;
            for (long next : committed) {
                sizes.add((int) (next - previous));
                previous = next;
            }
            return sizes;
        }

        @Override
        public List<StreamRecord> poll(Duration timeout) {
            if (position < 0) {
                position = subscription.partitions().assigned(Set.of(0)).getOrDefault(0, 0L);
            }
            List<StreamRecord> records = new ArrayList<>();
            while (records.size() < pollSize && position < messages) {
                records.add(new StreamRecord(TOPIC, 0, position, Instant.EPOCH, null,
                        ("{\"id\": " + position + "}").getBytes(UTF_8), List.of(), null));
                position++;
            }
            return records;
        }

        @Override
        public void commit(Map<Integer, Long> nextOffsets) {
            long next = nextOffsets.get(0);
            committed.add(next);
            committedHook.accept(next);
            if (next == messages) {
                drained.run();
            }
        }

        @Override
        public void wakeup() {}

        @Override
        public void close() {}
    }

    private static final class ScriptedConnector implements ConnectorFactory {
        private final ScriptedStream stream;

        ScriptedConnector(ScriptedStream stream) {
            this.stream = stream;
        }

        @Override
        public String type() {
            return "kafka";
        }

        @Override
        public String version() {
            return "test";
        }

        @Override
        public ConnectorKind kind() {
            return ConnectorKind.STREAM;
        }

        @Override
        public SettingsSpec settings() {
            return SettingsSpec.of();
        }

        @Override
        public RecordStream openStream(ConnectorContext context, StreamSubscription subscription) {
            stream.subscription = subscription;
            return stream;
        }
    }

    /**
     * What every message decodes to, so each one goes to the quarantine: where a row lands does not matter here,
     * only that each message lands once and in which batch. The scheduler's tests have no JSON format.
     */
    private static final class Unreadable implements SourceRow {
        @Override
        public int fieldCount() {
            return 0;
        }

        @Override
        public Object field(int index) {
            return null;
        }

        @Override
        public Object field(String name) {
            return null;
        }

        @Override
        public long line() {
            return 1;
        }

        @Override
        public String error() {
            return "not decoded in this test";
        }
    }
}
