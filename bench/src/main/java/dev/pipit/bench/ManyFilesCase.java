package dev.pipit.bench;

import dev.pipit.scheduler.config.PipitConfig;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * many-files: 1,000 CSV files of about 100 KB each, imported by one run into H2, against the same number of rows as
 * one file. Each file costs a ledger claim, a GET and a transaction of its own; this shows what that costs.
 */
final class ManyFilesCase implements BenchCase {
    static final int FILES = 1_000;
    /** About 100 KB of events CSV (87 bytes a row). */
    static final int ROWS_PER_FILE = 1_150;

    private static final String MANY = "many";
    private static final String ONE = "one";

    @Override
    public String name() {
        return "many-files";
    }

    @Override
    public Result run(BenchEnvironment env) throws Exception {
        S3Bucket s3 = env.s3();
        env.log("writing %,d files of %,d rows, and one of %,d rows", FILES, ROWS_PER_FILE, (long) FILES * ROWS_PER_FILE);
        for (int i = 0; i < FILES; i++) {
            EventsCsv.write(s3.objectPath(BenchEnvironment.EVENTS_BUCKET,
                    String.format(Locale.ROOT, "many/part-%04d.csv", i)), ROWS_PER_FILE, 100 + i);
        }
        EventsCsv.write(s3.objectPath(BenchEnvironment.EVENTS_BUCKET, "one/events.csv"), (long) FILES * ROWS_PER_FILE,
                99);
        env.warmupFile();
        Path dir = env.workDir().resolve(name());
        String bucket = "s3://" + BenchEnvironment.EVENTS_BUCKET + "/";
        PipitProject project = PipitProject.create(dir, s3)
                .addDataSource(PipitImport.WARMUP_TABLE, bucket + BenchEnvironment.WARMUP_KEY, "@on-demand")
                .addDataSource(ONE, bucket + "one/events.csv", "@on-demand")
                .addDataSource(MANY, bucket + "many/part-*.csv", "@on-demand");
        try (PipitImport pipit = PipitImport.open(env.plugins(), project, PipitConfig.of(Map.of(
                "db.url", "jdbc:h2:file:" + dir.resolve("data/pipit").toAbsolutePath())))) {
            env.log("warming up");
            pipit.run(PipitImport.WARMUP_TABLE);
            env.log("importing one file");
            System.gc();
            long start = System.nanoTime();
            double one = LoadComparison.perSecond(pipit.run(ONE), System.nanoTime() - start);
            env.log("importing %,d files", FILES);
            System.gc();
            start = System.nanoTime();
            double many = LoadComparison.perSecond(pipit.run(MANY), System.nanoTime() - start);
            return Result.of(name(), many, "the same rows as one file", one, "rows/s", "≥ 0.8×",
                    String.format(Locale.ROOT, "%,d files of %,d rows (about 100 KB) into H2, one run", FILES,
                            ROWS_PER_FILE));
        }
    }
}
