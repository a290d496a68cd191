package dev.pipit.bench;

import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.history.RunTrigger;
import dev.pipit.scheduler.ledger.DiscoveredFile;
import dev.pipit.scheduler.ledger.FileLedger;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * discovery: the idle {@code @auto} tick (no new file) of a data source with 1,000 keys in its bucket and ledger,
 * against one with 100,000. Both use {@code IMPORT_LIST_AFTER_LAST_KEY}, so the tick should not grow with the
 * history. The keys are laid out by day, as such buckets are; the ledger is filled directly (every key imported),
 * which is what 100,000 earlier runs would have left. The median of several ticks counts.
 */
final class DiscoveryCase implements BenchCase {
    private static final int SMALL = 1_000;
    private static final int LARGE = 100_000;
    private static final int KEYS_PER_DAY = 1_000;
    private static final int TICKS = 9;
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
            return Result.of(name(), large, "idle tick, 1k keys", small, "ms/tick", "≈ 1.0× (does not grow)",
                    String.format(Locale.ROOT, "median of %d idle @auto ticks with IMPORT_LIST_AFTER_LAST_KEY; "
                            + "pipit = %,d keys, baseline = %,d keys in bucket and ledger", TICKS, LARGE, SMALL));
        }
    }

    private static String dataSource(int keys) {
        return "keys_" + keys;
    }

    private static String prefix(int keys) {
        return "keys" + keys + "/";
    }

    private static void fill(S3Bucket s3, PipitImport pipit, int keys) throws Exception {
        FileLedger ledger = new FileLedger(pipit.database().jdbi());
        Instant modified = Instant.parse("2026-01-01T00:00:00Z");
        List<DiscoveredFile> batch = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            String key = String.format(Locale.ROOT, "%sday=%03d/part-%06d.csv", prefix(keys), i / KEYS_PER_DAY, i);
            Files.createFile(s3.objectPath(BUCKET, key));
            batch.add(new DiscoveredFile("s3://" + BUCKET + "/" + key, 0, null, modified));
            if (batch.size() == 10_000 || i == keys - 1) {
                List<DiscoveredFile> page = List.copyOf(batch);
                pipit.database().jdbi().useTransaction(handle -> ledger.recordDiscovered(handle, dataSource(keys), page));
                batch.clear();
            }
        }
        pipit.database().jdbi().useHandle(handle -> handle.createUpdate(
                "UPDATE pipit.files SET status = 'imported', \"rows\" = 0 WHERE datasource = :ds")
                .bind("ds", dataSource(keys)).execute());
    }

    private static double medianTickMillis(PipitImport pipit, String dataSource) {
        pipit.run(dataSource, RunTrigger.AUTO);
        double[] ticks = new double[TICKS];
        for (int i = 0; i < TICKS; i++) {
            long start = System.nanoTime();
            pipit.run(dataSource, RunTrigger.AUTO);
            ticks[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ticks);
        return ticks[TICKS / 2];
    }
}
