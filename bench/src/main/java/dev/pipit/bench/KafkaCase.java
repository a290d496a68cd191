package dev.pipit.bench;

import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.daemon.Daemon;
import dev.pipit.scheduler.db.Database;
import dev.pipit.testkit.kafka.KafkaBroker;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * kafka: a topic of JSON events consumed by a Pipit daemon in this JVM into H2, each batch's rows committed with
 * its offsets, against a plain kafka-clients consumer reading the same topic and doing nothing with the records.
 * Pipit's rate runs from its first stored row to its last, so the group join and the daemon's start do not count.
 */
final class KafkaCase implements BenchCase {
    private static final String TOPIC = "events";
    private static final int PARTITIONS = 4;
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final String BASELINE = "kafka-clients consumer, records discarded";

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public Result run(BenchEnvironment env) throws Exception {
        long messages = Math.max(10_000, env.rows() / 4);
        env.log("starting a Kafka broker");
        // The shared test broker stops with the JVM, by its own shutdown hook.
        KafkaBroker broker = KafkaBroker.shared();
        broker.createTopic(TOPIC, PARTITIONS);
        env.log("producing %,d messages", messages);
        produce(broker, messages);
        consume(broker, messages);
        double raw = LoadComparison.perSecond(messages, consume(broker, messages));
        env.log("consuming %,d messages with Pipit", messages);
        double pipit = pipit(env, broker, messages);
        return Result.of(name(), pipit, BASELINE, raw, "msgs/s", "none set (the baseline stores nothing)",
                String.format(Locale.ROOT, "%,d JSON messages over %d partitions into H2, offsets in each "
                        + "batch's transaction", messages, PARTITIONS));
    }

    private static void produce(KafkaBroker broker, long messages) {
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            EventsCsv.forEachJson(messages, 4, json ->
                    producer.send(new ProducerRecord<>(TOPIC, json.getBytes(StandardCharsets.UTF_8))));
            producer.flush();
        }
    }

    /** @return nanoseconds to read every message from the start of the topic */
    private static long consume(KafkaBroker broker, long messages) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(info -> new TopicPartition(TOPIC, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
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

    private static double pipit(BenchEnvironment env, KafkaBroker broker, long messages) throws Exception {
        return pipit(env, "kafka", "TYPE kafka\nKAFKA_BOOTSTRAP_SERVERS " + broker.bootstrapServers() + "\n",
                TOPIC, "", messages);
    }

    /**
     * Pipit's rate: a daemon in this JVM consumes {@code topic} into H2 through data source {@code events_stream}
     * (the events' columns by {@code json:$.name}, plus {@code extraSettings}), timed from its first stored row to
     * its last.
     */
    static double pipit(BenchEnvironment env, String folder, String connection, String topic, String extraSettings,
            long messages) throws Exception {
        Path dir = env.workDir().resolve(folder);
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
        int jmxPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            jmxPort = socket.getLocalPort();
        }
        PipitConfig config = PipitConfig.of(Map.of(
                "db.url", "jdbc:h2:file:" + dir.resolve("data/pipit").toAbsolutePath(),
                "jmx.port", Integer.toString(jmxPort),
                "http.port", "0",
                "node.id", "bench"));
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
                rows = count(database);
                if (first == 0 && rows > 0) {
                    first = System.nanoTime();
                    firstRows = rows;
                }
            }
            return LoadComparison.perSecond(rows - firstRows, System.nanoTime() - first);
        }
    }

    private static long count(Database database) {
        return database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'events_stream'")
                .mapTo(Long.class).one() == 0 ? 0L
                : handle.createQuery("SELECT count(*) FROM events_stream").mapTo(Long.class).one());
    }
}
