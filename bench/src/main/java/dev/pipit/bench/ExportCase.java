package dev.pipit.bench;

import dev.pipit.scheduler.history.RunStatus;
import dev.pipit.scheduler.pipe.PipeRun;
import dev.pipit.scheduler.pipe.SinkExport;
import dev.pipit.scheduler.project.Project;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Locale;
import java.util.Map;

/**
 * The sink cases: the events table, imported into H2 first, exported to S3 by a sink pipe (a cursor, the format's
 * writer, a multipart upload to S3Proxy), against a plain JDBC loop that writes the same rows to a local file.
 * Each contender first exports the warm-up table. The two cases share the imported table.
 */
final class ExportCase implements BenchCase {
    private static final String BUCKET = "exports";

    private final String name;
    private final String format;
    private final String baseline;
    private final Exporter baselineExport;

    @FunctionalInterface
    private interface Exporter {
        long export(Connection connection, String table, Path file) throws Exception;
    }

    private ExportCase(String name, String format, String baseline, Exporter baselineExport) {
        this.name = name;
        this.format = format;
        this.baseline = baseline;
        this.baselineExport = baselineExport;
    }

    static ExportCase csv() {
        return new ExportCase("export-csv-s3", "csv", JdbcFileExport.CSV_NAME, JdbcFileExport::csv);
    }

    static ExportCase parquet() {
        return new ExportCase("export-parquet-s3", "parquet", JdbcFileExport.PARQUET_NAME, JdbcFileExport::parquet);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Result run(BenchEnvironment env) throws Exception {
        // One project for both export cases: the second finds the events imported in the ledger and exports the
        // same table, instead of importing it again (a quarter of a minute on two cores).
        Path dir = env.workDir().resolve("export");
        Map<String, String> db = Map.of("db.url", "jdbc:h2:file:" + dir.resolve("data/pipit").toAbsolutePath());
        env.eventsFile();
        env.warmupFile();
        env.s3().createBucket(BUCKET);
        try (PipitImport pipit = PipitImport.ofEvents(env, dir, db, BenchEnvironment.EVENTS_KEY,
                BenchEnvironment.WARMUP_KEY)) {
            env.log("importing the events to export, unless the other export case did");
            pipit.run(PipitImport.WARMUP_TABLE);
            pipit.run(PipitImport.TABLE);
            writePipe(dir, PipitImport.WARMUP_TABLE);
            writePipe(dir, PipitImport.TABLE);
            Project project = PipitProject.at(dir).load(env.plugins());
            SinkExport sinks = new SinkExport(pipit.database(), env.plugins(), "bench");

            env.log("warming up");
            export(sinks, project, PipitImport.WARMUP_TABLE);
            try (Connection connection = pipit.database().dataSource().getConnection()) {
                baselineExport.export(connection, PipitImport.WARMUP_TABLE, dir.resolve("warmup." + format));
            }

            env.log("exporting %,d rows with Pipit", env.rows());
            System.gc();
            long start = System.nanoTime();
            PipeRun run = export(sinks, project, PipitImport.TABLE);
            double pipitRate = LoadComparison.perSecond(run.rows(), System.nanoTime() - start);

            env.log("exporting %,d rows with %s", env.rows(), baseline);
            Path file = dir.resolve("events." + format);
            System.gc();
            long baselineRows;
            try (Connection connection = pipit.database().dataSource().getConnection()) {
                start = System.nanoTime();
                baselineRows = baselineExport.export(connection, PipitImport.TABLE, file);
            }
            double baselineRate = LoadComparison.perSecond(baselineRows, System.nanoTime() - start);
            if (run.rows() != env.rows() || baselineRows != env.rows()) {
                throw new IllegalStateException("exported " + run.rows() + " and " + baselineRows + " rows; expected "
                        + env.rows());
            }
            String note = String.format(Locale.ROOT, "%,d rows; Pipit's object %,d bytes, the loop's file %,d bytes",
                    env.rows(), run.bytes(), Files.size(file));
            return Result.of(name, pipitRate, baseline, baselineRate, "rows/s", "≥ 0.8×", note);
        }
    }

    private void writePipe(Path dir, String table) throws java.io.IOException {
        Files.createDirectories(dir.resolve("pipes"));
        Files.writeString(dir.resolve("pipes/export_" + table + ".pipe"), """
                NODE all_rows
                SQL >
                    SELECT * FROM %s

                TYPE SINK
                EXPORT_CONNECTION_NAME %s
                EXPORT_BUCKET_URI s3://%s/%s/
                EXPORT_FILE_TEMPLATE %s
                EXPORT_FORMAT %s
                EXPORT_STRATEGY truncate
                """.formatted(table, PipitProject.CONNECTION, BUCKET, name, table, format));
    }

    private static PipeRun export(SinkExport sinks, Project project, String table) {
        PipeRun run = sinks.run(project, project.pipes().get("export_" + table), Map.of(), null);
        if (run.status() != RunStatus.SUCCEEDED) {
            throw new IllegalStateException("Pipit's export of " + table + " ended " + run.status() + ": "
                    + run.error());
        }
        return run;
    }
}
