package dev.pipit.bench;

import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.history.RunTrigger;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.ConnectionDef;
import dev.pipit.scheduler.project.ConnectorBinding;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.run.RunLimits;
import dev.pipit.spi.connector.ListRequest;
import dev.pipit.spi.connector.ObjectStore;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * discovery: the idle {@code @auto} tick (no new file) of a data source with 1,000 keys in its bucket and ledger,
 * against one with 100,000. Both use {@code IMPORT_LIST_AFTER_LAST_KEY}, so the tick should not grow with the
 * history. The keys are laid out by day, as such buckets are; the ledger is filled directly (every key imported),
 * which is what 100,000 earlier runs would have left. The median of several ticks counts. The test server's
 * listing grows with the bucket where S3's does not, so the tick's one listing request is timed alone as well,
 * and a third data source has the large ledger over a small bucket: its tick is what the history costs Pipit.
 */
final class DiscoveryCase implements BenchCase {
    private static final int KEYS_PER_DAY = 1_000;
    private static final int TICKS = 5;
    private static final String BUCKET = "discovery";

    @Override
    public String name() {
        return "discovery";
    }

    /**
     * One data source's keys: {@code ledgerKeys} in the ledger, of which the last {@code bucketKeys} are also in
     * the bucket.
     */
    private record Layout(String dataSource, String prefix, int ledgerKeys, int bucketKeys) {
        String key(int i) {
            return String.format(Locale.ROOT, "%sday=%03d/part-%06d.csv", prefix, i / KEYS_PER_DAY, i);
        }

        String lastKey() {
            return key(ledgerKeys - 1);
        }
    }

    private static final Layout SMALL = new Layout("keys_small", "small/", 1_000, 1_000);
    private static final Layout LARGE = new Layout("keys_large", "large/", 100_000, 100_000);
    /** The large history with the small bucket: what the tick costs Pipit itself, whatever the store. */
    private static final Layout LEDGER_ONLY = new Layout("keys_ledger", "ledger/", 100_000, 1_000);

    @Override
    public Result run(BenchEnvironment env) throws Exception {
        S3Bucket s3 = env.s3();
        java.nio.file.Path dir = env.workDir().resolve(name());
        PipitProject project = PipitProject.create(dir, s3);
        for (Layout layout : List.of(SMALL, LARGE, LEDGER_ONLY)) {
            project.addDataSource(layout.dataSource(), "s3://" + BUCKET + "/" + layout.prefix() + "**/*.csv",
                    "@auto", "IMPORT_LIST_AFTER_LAST_KEY true");
        }
        Map<String, String> db = Map.of("db.url", "jdbc:h2:file:" + dir.resolve("data/pipit").toAbsolutePath());
        try (PipitImport pipit = PipitImport.open(env.plugins(), project, PipitConfig.of(db))) {
            for (Layout layout : List.of(SMALL, LARGE, LEDGER_ONLY)) {
                env.log("laying out %,d keys in the ledger, %,d in the bucket", layout.ledgerKeys(),
                        layout.bucketKeys());
                fill(s3, pipit, layout);
            }
            double small = medianTickMillis(pipit, SMALL.dataSource());
            double large = medianTickMillis(pipit, LARGE.dataSource());
            double ledgerOnly = medianTickMillis(pipit, LEDGER_ONLY.dataSource());
            Project loaded = project.load(env.plugins());
            double smallListing = medianListingMillis(env.plugins(), loaded, SMALL);
            double largeListing = medianListingMillis(env.plugins(), loaded, LARGE);
            return Result.of(name(), large, "idle tick, 1k keys", small, "ms/tick", "≈ 1.0× (does not grow)",
                    String.format(Locale.ROOT, "median of %d idle @auto ticks with IMPORT_LIST_AFTER_LAST_KEY, "
                            + "pipit = %,d keys, baseline = %,d keys in bucket and ledger. The tick's one listing "
                            + "request alone takes %.0f vs %.0f ms: the test server walks the whole prefix. With "
                            + "%,d keys in the ledger but %,d in the bucket, the tick takes %.0f ms (%.2f×): "
                            + "Pipit's own part", TICKS, LARGE.ledgerKeys(), SMALL.ledgerKeys(), largeListing,
                            smallListing, LEDGER_ONLY.ledgerKeys(), LEDGER_ONLY.bucketKeys(), ledgerOnly,
                            ledgerOnly / small));
        }
    }

    /**
     * Creates the objects, and the ledger rows earlier runs would have left (every key imported), in one H2
     * statement: through the ledger's own batches this setup alone took minutes.
     */
    private static void fill(S3Bucket s3, PipitImport pipit, Layout layout) throws Exception {
        for (int i = layout.ledgerKeys() - layout.bucketKeys(); i < layout.ledgerKeys(); i++) {
            Files.createFile(s3.objectPath(BUCKET, layout.key(i)));
        }
        pipit.database().jdbi().useHandle(handle -> handle.createUpdate("""
                INSERT INTO pipit.files (datasource, bucket, object_key, "key", size, status, "rows", quarantined,
                    last_modified, discovered_at, updated_at)
                SELECT :ds, :bucket, object_key, :root || object_key, 0, 'imported', 0, 0, :t, :t, :t
                FROM (SELECT :prefix || 'day=' || LPAD(CAST("X" / :perDay AS VARCHAR), 3, '0') || '/part-'
                    || LPAD(CAST("X" AS VARCHAR), 6, '0') || '.csv' AS object_key
                    FROM SYSTEM_RANGE(0, :keys - 1)) AS keys""")
                .bind("ds", layout.dataSource())
                .bind("bucket", BUCKET)
                .bind("prefix", layout.prefix())
                .bind("root", "s3://" + BUCKET + "/")
                .bind("perDay", KEYS_PER_DAY)
                .bind("keys", layout.ledgerKeys())
                .bind("t", java.time.OffsetDateTime.parse("2026-01-01T00:00:00Z"))
                .execute());
        String last = "s3://" + BUCKET + "/" + layout.lastKey();
        long recorded = pipit.database().jdbi().withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM pipit.files WHERE datasource = :ds AND \"key\" <= :last")
                .bind("ds", layout.dataSource()).bind("last", last).mapTo(Long.class).one());
        if (recorded != layout.ledgerKeys()) {
            throw new IllegalStateException("the ledger holds " + recorded + " keys up to " + last + ", not "
                    + layout.ledgerKeys());
        }
    }

    /** The listing an idle tick makes, alone: the S3 server's share of the tick. */
    private static double medianListingMillis(PluginRegistry plugins, Project project, Layout layout)
            throws Exception {
        ConnectionDef connection = project.connections().get(PipitProject.CONNECTION);
        ListRequest request = new ListRequest(BUCKET, layout.prefix(), null, RunLimits.DEFAULT_LIST_PAGE_SIZE,
                layout.lastKey());
        try (ObjectStore store = ConnectorBinding.of(connection, plugins).openObjectStore()) {
            return median(() -> {
                if (!store.list(request).objects().isEmpty()) {
                    throw new IllegalStateException("a listing after the last key found keys");
                }
            });
        }
    }

    private static double medianTickMillis(PipitImport pipit, String dataSource) throws Exception {
        return median(() -> pipit.run(dataSource, RunTrigger.AUTO));
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    /** Runs once to warm up, then {@value #TICKS} times; the median in milliseconds. */
    private static double median(Step step) throws Exception {
        step.run();
        double[] millis = new double[TICKS];
        for (int i = 0; i < TICKS; i++) {
            long start = System.nanoTime();
            step.run();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return millis[TICKS / 2];
    }
}
