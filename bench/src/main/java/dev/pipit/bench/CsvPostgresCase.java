package dev.pipit.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** csv-postgres: the events CSV from S3 into an embedded PostgreSQL, against COPY FROM STDIN of the same file. */
final class CsvPostgresCase implements BenchCase {
    @Override
    public String name() {
        return "csv-postgres";
    }

    @Override
    public Result run(BenchEnvironment env) throws Exception {
        Map<String, String> db = env.postgres().createDatabase("bench_csv");
        try (PipitImport pipit = PipitImport.ofEvents(env, env.workDir().resolve(name()), db)) {
            Map<String, Double> throughput = LoadComparison.run(env, pipit, List.of(
                    new LoadComparison.Baseline(PostgresCopy.NAME, PostgresCopy::load)));
            return Result.of(name(), throughput.get(LoadComparison.PIPIT), PostgresCopy.NAME,
                    throughput.get(PostgresCopy.NAME), "rows/s", "≥ 0.9×",
                    String.format(Locale.ROOT, "%,d rows", env.rows()));
        }
    }
}
