package dev.pipit.bench;

import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.daemon.Daemon;
import dev.pipit.scheduler.db.Database;
import dev.pipit.testkit.kafka.KafkaBroker;
import dev.pipit.testkit.net.FreePorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * kafka: a topic of JSON events consumed by a Pipit daemon in this JVM into H2, each batch's rows committed with
 * its offsets, against a hand-written consumer that INSERTs each batch into a plain H2 file database and stores its
 * offsets in the same transaction. kafka-postgres: the same into PostgreSQL, against a hand-written consumer that
 * COPYs each batch ({@link KafkaBaselineConsumer}). The rate of a kafka-clients consumer that only reads the topic
 * is in each note. Pipit's rate runs from its first stored row to its last, so the group join and the daemon's
 * start do not count.
 */
final class KafkaCase implements BenchCase {
    private static final String TOPIC = "events";
    private static final int PARTITIONS = 4;
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final String RAW = "kafka-clients consumer, records discarded";

    private final boolean postgres;

    private KafkaCase(boolean postgres) {
        this.postgres = postgres;
    }

    static KafkaCase h2() {
        return new KafkaCase(false);
    }

    static KafkaCase postgres() {
        return new KafkaCase(true);
    }

    @Override
    public String name() {
        return postgres ? "kafka-postgres" : "kafka";
    }

    @Override
    public Result run(BenchEnvironment env) throws Exception {
        long messages = Math.max(10_000, env.rows() / 4);
        env.log("starting a Kafka broker");
        // The shared test broker stops with the JVM, by its own shutdown hook.
        KafkaBroker broker = KafkaBroker.shared();
        String topic = env.topic(postgres ? TOPIC + "_postgres" : TOPIC);
        broker.createTopic(topic, PARTITIONS);
        env.log("producing %,d messages", messages);
        produce(broker, topic, messages);
        consume(broker, topic, messages);
        double raw = LoadComparison.perSecond(messages, consume(broker, topic, messages));
        Path dir = env.workDir().resolve(name());
        // Each contender consumes a smaller topic first, as the file cases load a warm-up file: the JIT has then
        // compiled Pipit's decoding and the baseline's, each in its own class loader, before either is timed.
        long warmupMessages = Math.max(10_000, messages / 10);
        String warmupTopic = topic + "_warmup";
        broker.createTopic(warmupTopic, PARTITIONS);
        produce(broker, warmupTopic, warmupMessages);
        env.log("warming up");
        Path warmupDir = env.workDir().resolve(name() + "-warmup");
        pipit(env, connectionFile(broker), warmupTopic, "", warmupMessages, warmupDir, database(env, warmupDir,
                "_warmup"));
        Map<String, String> db = database(env, dir, "");
        env.log("consuming %,d messages with Pipit", messages);
        double pipit = pipit(env, connectionFile(broker), topic, "", messages, dir, db);
        String note = String.format(Locale.ROOT, "%,d JSON messages over %d partitions into %s, offsets in each "
                + "batch's transaction; against the %s: %,.0f msgs/s, %.2f×", messages, PARTITIONS,
                postgres ? "PostgreSQL" : "H2", RAW, raw, pipit / raw);
        String baseline = postgres ? KafkaBaselineConsumer.COPY : KafkaBaselineConsumer.INSERT;
        env.log("consuming %,d messages with %s", messages, baseline);
        long nanos;
        try (Database database = Database.open(PipitConfig.of(db), dir)) {
            if (postgres) {
                try (Connection connection = database.dataSource().getConnection()) {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("CREATE TABLE baseline_events (LIKE events_stream)");
                    }
                    KafkaBaselineConsumer.copy(broker.bootstrapServers(), warmupTopic, warmupMessages, connection,
                            "baseline_events", TIMEOUT);
                    truncate(connection, "baseline_events");
                    nanos = KafkaBaselineConsumer.copy(broker.bootstrapServers(), topic, messages, connection,
                            "baseline_events", TIMEOUT);
                }
            } else {
                try (Connection connection = new PlainH2(dir, database).connect("events_stream")) {
                    KafkaBaselineConsumer.insert(broker.bootstrapServers(), warmupTopic, warmupMessages, connection,
                            "events_stream", TIMEOUT);
                    truncate(connection, "events_stream");
                    nanos = KafkaBaselineConsumer.insert(broker.bootstrapServers(), topic, messages, connection,
                            "events_stream", TIMEOUT);
                }
            }
        }
        return Result.of(name(), pipit, baseline, LoadComparison.perSecond(messages, nanos), "msgs/s",
                postgres ? "≥ 1.0×" : "≥ 0.5×", note);
    }

    /** A new database for Pipit: on PostgreSQL the case's name and {@code suffix}, on H2 a file in {@code dir}. */
    private Map<String, String> database(BenchEnvironment env, Path dir, String suffix) throws Exception {
        return postgres
                ? env.postgres().createDatabase("bench_kafka_postgres" + suffix)
                : Map.of("db.url", "jdbc:h2:file:" + dir.resolve("data/pipit").toAbsolutePath());
    }

    private static void truncate(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE TABLE " + table);
        }
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }

    private static void produce(KafkaBroker broker, String topic, long messages) {
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            EventsCsv.forEachJson(messages, 4, json ->
                    producer.send(new ProducerRecord<>(topic, json.getBytes(StandardCharsets.UTF_8))));
            producer.flush();
        }
    }

    /** @return nanoseconds to read every message from the start of the topic */
    private static long consume(KafkaBroker broker, String topic, long messages) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            KafkaBaselineConsumer.readFromStart(consumer, topic);
            long start = System.nanoTime();
            long read = 0;
            while (read < messages) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofSeconds(1));
                read += records.count();
                if (System.nanoTime() - start > TIMEOUT.toNanos()) {
                    throw new IllegalStateException("read " + read + " of " + messages + " messages in " + TIMEOUT);
                }
            }
            return System.nanoTime() - start;
        }
    }

    private static String connectionFile(KafkaBroker broker) {
        return "TYPE kafka\nKAFKA_BOOTSTRAP_SERVERS " + broker.bootstrapServers() + "\n";
    }

    /** {@link #pipit(BenchEnvironment, String, String, String, long, Path, Map)} into an H2 file in {@code folder}. */
    static double pipit(BenchEnvironment env, String folder, String connection, String topic, String extraSettings,
            long messages) throws Exception {
        Path dir = env.workDir().resolve(folder);
        return pipit(env, connection, topic, extraSettings, messages, dir,
                Map.of("db.url", "jdbc:h2:file:" + dir.resolve("data/pipit").toAbsolutePath()));
    }

    /**
     * Pipit's rate: a daemon in this JVM consumes {@code topic} into the database {@code db} through data source
     * {@code events_stream} (the events' columns by {@code json:$.name}, plus {@code extraSettings}), timed from its
     * first stored row to its last. Progress is read from the stored offsets, which commit with the rows: a
     * {@code count(*)} of the growing table every 100 ms took a third of the CPU samples of the H2 case away from
     * the daemon it measured. The table is counted once, at the end.
     */
    private static double pipit(BenchEnvironment env, String connection, String topic, String extraSettings,
            long messages, Path dir, Map<String, String> db) throws Exception {
        Files.createDirectories(dir.resolve("connections"));
        Files.createDirectories(dir.resolve("datasources"));
        Files.writeString(dir.resolve("connections/stream.connection"), connection);
        StringBuilder schema = new StringBuilder("SCHEMA >\n");
        String[] types = EventsCsv.SCHEMA.lines().skip(1).map(String::trim).toArray(String[]::new);
        for (int i = 0; i < types.length; i++) {
            String column = types[i].replace(",", "");
            schema.append("    ").append(column).append(" `json:$.").append(EventsCsv.COLUMNS.get(i)).append('`')
                    .append(i < types.length - 1 ? ",\n" : "\n");
        }
        Files.writeString(dir.resolve("datasources/events_stream.datasource"), schema + """

                KAFKA_CONNECTION_NAME stream
                KAFKA_TOPIC %s
                KAFKA_GROUP_ID pipit-bench
                KAFKA_AUTO_OFFSET_RESET earliest
                %s
                """.formatted(topic, extraSettings));
        int jmxPort = FreePorts.one();
        Map<String, String> settings = new HashMap<>(db);
        settings.put("jmx.port", Integer.toString(jmxPort));
        settings.put("http.port", "0");
        settings.put("node.id", "bench");
        PipitConfig config = PipitConfig.of(settings);
        try (Daemon daemon = Daemon.start(config, PipitProject.at(dir).load(env.plugins()), env.plugins());
                Database database = Database.open(config, dir)) {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            long first = 0;
            long firstRows = 0;
            long rows = 0;
            while (rows < messages) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Pipit stored " + rows + " of " + messages + " messages in "
                            + TIMEOUT);
                }
                Thread.sleep(first == 0 ? 20 : 100);
                rows = storedOffsets(database);
                if (first == 0 && rows > 0) {
                    first = System.nanoTime();
                    firstRows = rows;
                }
            }
            double rate = LoadComparison.perSecond(rows - firstRows, System.nanoTime() - first);
            long inTable = LoadComparison.count(database.dataSource()::getConnection, "events_stream");
            if (inTable != messages) {
                throw new IllegalStateException("Pipit stored offsets up to " + rows + " messages and " + inTable
                        + " rows; expected " + messages + " of each");
            }
            return rate;
        }
    }

    /** The messages whose rows are stored: the topic starts at offset 0 in every partition. */
    private static long storedOffsets(Database database) {
        return database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT coalesce(sum(next_offset), 0) FROM pipit.stream_offsets WHERE datasource = 'events_stream'")
                .mapTo(Long.class).one());
    }
}
