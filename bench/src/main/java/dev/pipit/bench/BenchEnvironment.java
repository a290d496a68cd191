package dev.pipit.bench;

import dev.pipit.scheduler.plugin.PluginRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the cases share: the work folder, the size, the plugins, and the servers, each started on first use and
 * stopped at the end. Progress goes to stderr so that stdout carries only the table or the JSON.
 */
final class BenchEnvironment implements AutoCloseable {
    static final String EVENTS_BUCKET = "bench";
    static final String EVENTS_KEY = "events/events.csv";
    static final String WARMUP_KEY = "warmup/warmup.csv";
    static final String EVENTS_PARQUET_KEY = "parquet/events.parquet";
    static final String WARMUP_PARQUET_KEY = "parquet-warmup/warmup.parquet";

    private final Path workDir;
    private final long rows;
    private final int round;
    private final PrintStream log;
    private final PluginRegistry plugins;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private S3Bucket s3;
    private BenchPostgres postgres;
    private Path eventsFile;
    private Path warmupFile;
    private Path eventsParquet;
    private Path warmupParquet;

    /**
     * @param round which round of {@code --repeat} this environment serves, from 1
     * @param plugins the JVM's plugins, loaded once for every round as a daemon loads them once: plugins loaded
     *     again in new class loaders would run their code cold in each round, against baselines compiled since
     */
    BenchEnvironment(Path workDir, long rows, int round, PluginRegistry plugins, PrintStream log) {
        this.workDir = workDir;
        this.rows = rows;
        this.round = round;
        this.log = log;
        this.plugins = plugins;
    }

    Path workDir() {
        return workDir;
    }

    /** Rows of the main CSV file; the other sizes scale from it. */
    long rows() {
        return rows;
    }

    /**
     * Rows each contender imports once before it is measured. Enough that the JIT has compiled the database's
     * insert path too: with a twentieth of the rows, H2's inserts were still being compiled during the first
     * measured run, which made whichever contender ran first look half as fast.
     */
    long warmupRows() {
        return Math.max(1_000, Math.min(rows / 4, 200_000));
    }

    /**
     * The name of a Kafka topic for this round. The test broker is the JVM's, not the environment's, so a topic of
     * an earlier round would still hold that round's messages.
     */
    String topic(String name) {
        return round == 1 ? name : name + "-round" + round;
    }

    PluginRegistry plugins() {
        return plugins;
    }

    void log(String format, Object... arguments) {
        log.printf("bench: " + format + "%n", arguments);
        log.flush();
    }

    synchronized S3Bucket s3() throws Exception {
        if (s3 == null) {
            s3 = S3Bucket.start(workDir.resolve("s3"));
            resources.add(s3);
        }
        return s3;
    }

    synchronized BenchPostgres postgres() throws IOException {
        if (postgres == null) {
            log("starting embedded PostgreSQL");
            postgres = BenchPostgres.start();
            resources.add(postgres);
        }
        return postgres;
    }

    /** The events CSV in the S3 bucket (key {@value #EVENTS_KEY}), generated on first use. */
    synchronized Path eventsFile() throws Exception {
        if (eventsFile == null) {
            log("generating %,d events", rows);
            eventsFile = EventsCsv.write(s3().objectPath(EVENTS_BUCKET, EVENTS_KEY), rows, 1);
            log("generated %s (%,d MB)", eventsFile, Files.size(eventsFile) >> 20);
        }
        return eventsFile;
    }

    /** A smaller file of the same shape (key {@value #WARMUP_KEY}), for warming up. */
    synchronized Path warmupFile() throws Exception {
        if (warmupFile == null) {
            warmupFile = EventsCsv.write(s3().objectPath(EVENTS_BUCKET, WARMUP_KEY), warmupRows(), 2);
        }
        return warmupFile;
    }

    /** The same events as Parquet in the S3 bucket (key {@value #EVENTS_PARQUET_KEY}), generated on first use. */
    synchronized Path eventsParquet() throws Exception {
        if (eventsParquet == null) {
            log("generating %,d events as Parquet", rows);
            eventsParquet = EventsParquet.write(s3().objectPath(EVENTS_BUCKET, EVENTS_PARQUET_KEY), rows, 5);
        }
        return eventsParquet;
    }

    /** The warm-up events as Parquet (key {@value #WARMUP_PARQUET_KEY}). */
    synchronized Path warmupParquet() throws Exception {
        if (warmupParquet == null) {
            warmupParquet = EventsParquet.write(s3().objectPath(EVENTS_BUCKET, WARMUP_PARQUET_KEY), warmupRows(), 6);
        }
        return warmupParquet;
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
