package dev.pipit.bench;

import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.daemon.Daemon;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunTrigger;
import dev.pipit.testkit.net.FreePorts;
import dev.pipit.testkit.sqs.ElasticMq;
import dev.pipit.testkit.sqs.S3Events;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * notifications: with {@code IMPORT_NOTIFICATIONS}, the idle {@code @auto} tick of a data source with 1,000,000 keys
 * in its ledger against one with 1,000 (the tick lists nothing, so neither the bucket nor the history should make
 * it grow), and the latency from an event sent to ElasticMQ to the file's rows committed under {@code @event}
 * (p50 and p99, one event at a time, through the daemon's poller, Quartz and the import).
 */
final class NotificationsCase implements BenchCase {
    private static final String BUCKET = "notifications";
    private static final int TICKS = 5;
    private static final int EVENTS = 40;
    private static final long ROWS_PER_FILE = 1_000;
    private static final Duration LATENCY_TIMEOUT = Duration.ofSeconds(60);

    private record Ledger(String dataSource, String prefix, int keys) {}

    private static final Ledger SMALL = new Ledger("notified_small", "small/", 1_000);
    private static final Ledger LARGE = new Ledger("notified_large", "large/", 1_000_000);
    private static final String LATENCY = "notified_event";

    @Override
    public String name() {
        return "notifications";
    }

    @Override
    public Result run(BenchEnvironment env) throws Exception {
        S3Bucket s3 = env.s3();
        s3.createBucket(BUCKET);
        Path dir = env.workDir().resolve(name());
        try (ElasticMq sqs = ElasticMq.start()) {
            String queue = sqs.createQueue("bench-events", Duration.ofSeconds(30));
            PipitProject project = PipitProject.create(dir, s3);
            for (Ledger ledger : List.of(SMALL, LARGE)) {
                project.addDataSource(ledger.dataSource(), "s3://" + BUCKET + "/" + ledger.prefix() + "**/*.csv",
                        "@auto", "IMPORT_NOTIFICATIONS " + queue, "IMPORT_BACKFILL_INTERVAL 0");
            }
            project.addDataSource(LATENCY, "s3://" + BUCKET + "/latency/*.csv", "@event",
                    "IMPORT_NOTIFICATIONS " + queue, "IMPORT_BACKFILL_INTERVAL 0");
            Map<String, String> db = Map.of("db.url", "jdbc:h2:file:" + dir.resolve("data/pipit").toAbsolutePath());
            double small;
            double large;
            try (PipitImport pipit = PipitImport.open(env.plugins(), project, PipitConfig.of(db))) {
                for (Ledger ledger : List.of(SMALL, LARGE)) {
                    env.log("filling the ledger with %,d imported keys", ledger.keys());
                    fill(pipit, ledger);
                    // The first run after a start lists the bucket (the start-up backfill); the ticks after it do not.
                    pipit.run(ledger.dataSource(), RunTrigger.AUTO);
                }
                small = medianTickMillis(pipit, SMALL.dataSource());
                large = medianTickMillis(pipit, LARGE.dataSource());
            }
            env.log("sending %d events, one at a time, to an @event data source", EVENTS);
            double[] latencies = latencies(env, dir, project, db, sqs, s3, queue);
            return Result.of(name(), large, "idle tick, 1k keys", small, "ms/tick", "≈ 1.0× (does not grow)",
                    String.format(Locale.ROOT, "median of %d idle @auto ticks with IMPORT_NOTIFICATIONS (no listing),"
                            + " pipit = %,d keys, baseline = %,d keys in the ledger. Event to committed rows under "
                            + "@event (%,d-row CSV files, %d events one at a time): p50 %.0f ms, p99 %.0f ms",
                            TICKS, LARGE.keys(), SMALL.keys(), ROWS_PER_FILE, EVENTS, percentile(latencies, 50),
                            percentile(latencies, 99)));
        }
    }

    /** The ledger rows earlier runs would have left (every key imported), in one H2 statement. */
    private static void fill(PipitImport pipit, Ledger ledger) {
        pipit.database().jdbi().useHandle(handle -> handle.createUpdate("""
                INSERT INTO pipit.files (datasource, bucket, object_key, "key", size, status, "rows", quarantined,
                    last_modified, discovered_at, updated_at)
                SELECT :ds, :bucket, object_key, :root || object_key, 0, 'imported', 0, 0, :t, :t, :t
                FROM (SELECT :prefix || 'part-' || LPAD(CAST("X" AS VARCHAR), 7, '0') || '.csv' AS object_key
                    FROM SYSTEM_RANGE(0, :keys - 1)) AS keys""")
                .bind("ds", ledger.dataSource())
                .bind("bucket", BUCKET)
                .bind("prefix", ledger.prefix())
                .bind("root", "s3://" + BUCKET + "/")
                .bind("keys", ledger.keys())
                .bind("t", OffsetDateTime.parse("2026-01-01T00:00:00Z"))
                .execute());
    }

    private static double[] latencies(BenchEnvironment env, Path dir, PipitProject project, Map<String, String> db,
            ElasticMq sqs, S3Bucket s3, String queue) throws Exception {
        int jmxPort = FreePorts.one();
        PipitConfig config = PipitConfig.of(Map.of("db.url", db.get("db.url"), "jmx.port", Integer.toString(jmxPort),
                "http.enabled", "false", "node.id", "bench"));
        double[] millis = new double[EVENTS];
        try (Daemon daemon = Daemon.start(config, project.load(env.plugins()), env.plugins());
                Database database = Database.open(config, dir)) {
            awaitListed(database);
            for (int i = 0; i < EVENTS; i++) {
                String key = String.format(Locale.ROOT, "latency/file-%03d.csv", i);
                Path file = EventsCsv.write(s3.objectPath(BUCKET, key), ROWS_PER_FILE, 100 + i);
                long size = Files.size(file);
                long start = System.nanoTime();
                sqs.send(queue, S3Events.created(BUCKET, key, size, "bench-" + i, Instant.now()));
                awaitImported(database, key);
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        Arrays.sort(millis);
        return millis;
    }

    /** The daemon's first tick of the event data source lists its (empty) prefix: events are measured after it. */
    private static void awaitListed(Database database) throws InterruptedException {
        Instant deadline = Instant.now().plus(LATENCY_TIMEOUT);
        while (database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM pipit.listings WHERE datasource = :ds").bind("ds", LATENCY)
                .mapTo(Integer.class).one()) == 0) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the daemon never listed " + LATENCY + " at start-up");
            }
            Thread.sleep(20);
        }
    }

    private static void awaitImported(Database database, String key) throws InterruptedException {
        Instant deadline = Instant.now().plus(LATENCY_TIMEOUT);
        while (!database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM pipit.files WHERE datasource = :ds AND object_key = :key AND status = 'imported'")
                .bind("ds", LATENCY).bind("key", key).mapTo(Integer.class).one() == 1)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(key + " was not imported within " + LATENCY_TIMEOUT.toSeconds()
                        + " s of its event");
            }
            Thread.sleep(2);
        }
    }

    private static double medianTickMillis(PipitImport pipit, String dataSource) {
        pipit.run(dataSource, RunTrigger.AUTO);
        double[] millis = new double[TICKS];
        for (int i = 0; i < TICKS; i++) {
            long start = System.nanoTime();
            pipit.run(dataSource, RunTrigger.AUTO);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return millis[TICKS / 2];
    }

    /** The nearest-rank percentile of sorted values. */
    private static double percentile(double[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
