package dev.pipit.bench;

import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.history.RunTrigger;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.ConnectionDef;
import dev.pipit.scheduler.project.ConnectionSettings;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.run.RunLimits;
import dev.pipit.spi.connector.ConnectorContext;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.connector.ListRequest;
import dev.pipit.spi.connector.ObjectStore;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * discovery: the idle {@code @auto} tick (no new file) of a data source with 1,000 keys in its bucket and ledger,
 * against one with 100,000. Both use {@code IMPORT_LIST_AFTER_LAST_KEY}, so the tick should not grow with the
 * history. The keys are laid out by day, as such buckets are; the ledger is filled directly (every key imported),
 * which is what 100,000 earlier runs would have left. The median of several ticks counts, and the tick's one
 * listing request is timed alone as well, since the test server's listing grows with the bucket where S3's does not.
 */
final class DiscoveryCase implements BenchCase {
    private static final int SMALL = 1_000;
    private static final int LARGE = 100_000;
    private static final int KEYS_PER_DAY = 1_000;
    private static final int TICKS = 5;
    private static final String BUCKET = "discovery";

    @Override
    public String name() {
        return "discovery";
    }

    @Override
    public Result run(BenchEnvironment env) throws Exception {
        S3Bucket s3 = env.s3();
        java.nio.file.Path dir = env.workDir().resolve(name());
        PipitProject project = PipitProject.create(dir, s3);
        for (int keys : new int[] {SMALL, LARGE}) {
            project.addDataSource(dataSource(keys), "s3://" + BUCKET + "/" + prefix(keys) + "**/*.csv", "@auto",
                    "IMPORT_LIST_AFTER_LAST_KEY true");
        }
        Map<String, String> db = Map.of("db.url", "jdbc:h2:file:" + dir.resolve("data/pipit").toAbsolutePath());
        try (PipitImport pipit = PipitImport.open(env.plugins(), project, PipitConfig.of(db))) {
            for (int keys : new int[] {SMALL, LARGE}) {
                env.log("laying out %,d keys in the bucket and the ledger", keys);
                fill(s3, pipit, keys);
            }
            double small = medianTickMillis(pipit, dataSource(SMALL));
            double large = medianTickMillis(pipit, dataSource(LARGE));
            Project loaded = project.load(env.plugins());
            double smallListing = medianListingMillis(env.plugins(), loaded, SMALL);
            double largeListing = medianListingMillis(env.plugins(), loaded, LARGE);
            return Result.of(name(), large, "idle tick, 1k keys", small, "ms/tick", "≈ 1.0× (does not grow)",
                    String.format(Locale.ROOT, "median of %d idle @auto ticks with IMPORT_LIST_AFTER_LAST_KEY, "
                            + "pipit = %,d keys, baseline = %,d keys in bucket and ledger; the one listing request "
                            + "alone takes %.0f vs %.0f ms (the test server's share), so Pipit's own part is %.0f vs "
                            + "%.0f ms", TICKS, LARGE, SMALL, largeListing, smallListing, large - largeListing,
                            small - smallListing));
        }
    }

    private static String dataSource(int keys) {
        return "keys_" + keys;
    }

    private static String prefix(int keys) {
        return "keys" + keys + "/";
    }

    /**
     * Creates the objects, and the ledger rows 100,000 earlier runs would have left, in one H2 statement: through
     * the ledger's own batches this setup alone took minutes.
     */
    private static void fill(S3Bucket s3, PipitImport pipit, int keys) throws Exception {
        for (int i = 0; i < keys; i++) {
            Files.createFile(s3.objectPath(BUCKET, key(keys, i)));
        }
        pipit.database().jdbi().useHandle(handle -> handle.createUpdate("""
                INSERT INTO pipit.files (datasource, "key", size, status, "rows", quarantined, last_modified,
                    discovered_at, updated_at)
                SELECT :ds, :root || 'day=' || LPAD(CAST("X" / :perDay AS VARCHAR), 3, '0') || '/part-'
                    || LPAD(CAST("X" AS VARCHAR), 6, '0') || '.csv', 0, 'imported', 0, 0, :t, :t, :t
                FROM SYSTEM_RANGE(0, :keys - 1)""")
                .bind("ds", dataSource(keys))
                .bind("root", "s3://" + BUCKET + "/" + prefix(keys))
                .bind("perDay", KEYS_PER_DAY)
                .bind("keys", keys)
                .bind("t", java.time.OffsetDateTime.parse("2026-01-01T00:00:00Z"))
                .execute());
        String last = "s3://" + BUCKET + "/" + key(keys, keys - 1);
        long recorded = pipit.database().jdbi().withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM pipit.files WHERE datasource = :ds AND \"key\" <= :last")
                .bind("ds", dataSource(keys)).bind("last", last).mapTo(Long.class).one());
        if (recorded != keys) {
            throw new IllegalStateException("the ledger holds " + recorded + " keys up to " + last + ", not " + keys);
        }
    }

    private static String key(int keys, int i) {
        return String.format(Locale.ROOT, "%sday=%03d/part-%06d.csv", prefix(keys), i / KEYS_PER_DAY, i);
    }

    /** The listing an idle tick makes, alone: the S3 server's share of the tick. */
    private static double medianListingMillis(PluginRegistry plugins, Project project, int keys) throws Exception {
        ConnectionDef connection = project.connections().get(PipitProject.CONNECTION);
        ConnectorFactory s3 = plugins.connector(connection.type()).orElseThrow();
        ListRequest request = new ListRequest(BUCKET, prefix(keys), null, RunLimits.DEFAULT_LIST_PAGE_SIZE,
                key(keys, keys - 1));
        try (ObjectStore store = s3.openObjectStore(new ConnectorContext(connection.name(),
                ConnectionSettings.effectiveSettings(connection, s3)))) {
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
