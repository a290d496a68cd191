package dev.pipit.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The import cases: the events file (CSV or Parquet) from S3 into H2 or PostgreSQL by a Pipit run, against
 * hand-written loaders of the same file into the same table ({@link LoadComparison}). The first baseline is the
 * one the ratio is against; the others are shown in the note.
 */
final class LoadCase implements BenchCase {
    private enum Format { CSV, PARQUET }

    private final String name;
    private final Format format;
    private final boolean postgres;
    private final List<LoadComparison.Baseline> baselines;
    private final String goal;

    private LoadCase(String name, Format format, boolean postgres, List<LoadComparison.Baseline> baselines,
            String goal) {
        this.name = name;
        this.format = format;
        this.postgres = postgres;
        this.baselines = baselines;
        this.goal = goal;
    }

    static LoadCase csvH2() {
        return new LoadCase("csv-h2", Format.CSV, false, List.of(
                new LoadComparison.Baseline(UnivocityJdbcLoad.NAME, UnivocityJdbcLoad::load)), "≥ 1.2×");
    }

    /**
     * csv-h2 against two other ways a user could load the file: the loop split over two threads and H2's own
     * CSVREAD. They show what bounds the H2 case (README, "What bounds the H2 cases") and cost about 40 s, so only
     * a run that names this case has them.
     */
    static LoadCase csvH2Alternatives() {
        return new LoadCase("csv-h2-alternatives", Format.CSV, false, List.of(
                new LoadComparison.Baseline(PipelinedJdbcLoad.NAME, PipelinedJdbcLoad::load),
                new LoadComparison.Baseline(H2CsvRead.NAME, H2CsvRead::load)), "none: what bounds csv-h2");
    }

    static LoadCase csvPostgres() {
        return new LoadCase("csv-postgres", Format.CSV, true, List.of(
                new LoadComparison.Baseline(PostgresCopy.NAME, PostgresCopy::load)), "≥ 0.9×");
    }

    static LoadCase parquetH2() {
        return new LoadCase("parquet-h2", Format.PARQUET, false, List.of(
                new LoadComparison.Baseline(ParquetJdbcLoad.NAME, ParquetJdbcLoad::load)), "≥ 1.2×");
    }

    static LoadCase parquetPostgres() {
        return new LoadCase("parquet-postgres", Format.PARQUET, true, List.of(
                new LoadComparison.Baseline(ParquetCopyLoad.NAME, ParquetCopyLoad::load)), "≥ 1.0×");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Result run(BenchEnvironment env) throws Exception {
        Path dir = env.workDir().resolve(name);
        Map<String, String> db = postgres
                ? env.postgres().createDatabase("bench_" + name.replace('-', '_'))
                : Map.of("db.url", "jdbc:h2:file:" + dir.resolve("data/pipit").toAbsolutePath());
        boolean csv = format == Format.CSV;
        Path events = csv ? env.eventsFile() : env.eventsParquet();
        Path warmup = csv ? env.warmupFile() : env.warmupParquet();
        try (PipitImport pipit = PipitImport.ofEvents(env, dir, db,
                csv ? BenchEnvironment.EVENTS_KEY : BenchEnvironment.EVENTS_PARQUET_KEY,
                csv ? BenchEnvironment.WARMUP_KEY : BenchEnvironment.WARMUP_PARQUET_KEY)) {
            LoadComparison.BaselineDatabase baselineDb = postgres
                    ? table -> pipit.database().dataSource().getConnection()
                    : new PlainH2(dir, pipit.database());
            Map<String, Double> throughput = LoadComparison.run(env, pipit, baselineDb, baselines, events, warmup);
            double pipitRate = throughput.get(LoadComparison.PIPIT);
            StringBuilder note = new StringBuilder(String.format(Locale.ROOT, "%,d rows", env.rows()));
            for (LoadComparison.Baseline other : baselines.subList(1, baselines.size())) {
                double rate = throughput.get(other.name());
                note.append(String.format(Locale.ROOT, "; against %s: %,.0f rows/s, %.2f×", other.name(), rate,
                        pipitRate / rate));
            }
            String baseline = baselines.get(0).name();
            return Result.of(name, pipitRate, baseline, throughput.get(baseline), "rows/s", goal, note.toString());
        }
    }
}
