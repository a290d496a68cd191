package dev.pipit.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** csv-h2: the events CSV from S3 into H2, against H2's own CSVREAD and a univocity + JDBC loop. */
final class CsvH2Case implements BenchCase {
    @Override
    public String name() {
        return "csv-h2";
    }

    @Override
    public Result run(BenchEnvironment env) throws Exception {
        java.nio.file.Path dir = env.workDir().resolve(name());
        Map<String, String> db = Map.of("db.url", "jdbc:h2:file:" + dir.resolve("data/pipit").toAbsolutePath());
        try (PipitImport pipit = PipitImport.ofEvents(env, dir, db)) {
            Map<String, Double> throughput = LoadComparison.run(env, pipit, List.of(
                    new LoadComparison.Baseline(UnivocityJdbcLoad.NAME, UnivocityJdbcLoad::load),
                    new LoadComparison.Baseline(H2CsvRead.NAME, H2CsvRead::load)));
            double csvRead = throughput.get(H2CsvRead.NAME);
            double pipitRate = throughput.get(LoadComparison.PIPIT);
            return Result.of(name(), pipitRate, UnivocityJdbcLoad.NAME, throughput.get(UnivocityJdbcLoad.NAME),
                    "rows/s", "≥ 1.0×", String.format(Locale.ROOT, "%,d rows; against %s: %,.0f rows/s, %.2f×",
                            env.rows(), H2CsvRead.NAME, csvRead, pipitRate / csvRead));
        }
    }
}
