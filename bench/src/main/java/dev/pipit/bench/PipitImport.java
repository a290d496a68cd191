package dev.pipit.bench;

import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.history.RunStatus;
import dev.pipit.scheduler.history.RunTrigger;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.run.ImportRunner;
import dev.pipit.scheduler.run.RunLimits;
import dev.pipit.scheduler.run.RunListener;
import java.nio.file.Path;
import java.util.Map;

/**
 * Pipit as {@code bin/scheduler run} drives it, in this JVM: a project over the benchmark's S3 server, a database
 * opened and migrated as production opens it, and on-demand runs through {@link ImportRunner}, the real import
 * path (discovery, ledger claim, format plugin, row writer, one transaction per file).
 */
final class PipitImport implements AutoCloseable {
    /** The table the events data source fills; the baselines load the same table. */
    static final String TABLE = "events";
    static final String WARMUP_TABLE = "events_warmup";

    private final Database database;
    private final ImportRunner runner;

    private PipitImport(Database database, ImportRunner runner) {
        this.database = database;
        this.runner = runner;
    }

    /**
     * A project with data source {@value #TABLE} over the events object {@code eventsKey} and {@value #WARMUP_TABLE}
     * over the warm-up object, on the database {@code dbSettings} describes.
     */
    static PipitImport ofEvents(BenchEnvironment env, Path projectDir, Map<String, String> dbSettings,
            String eventsKey, String warmupKey) throws Exception {
        String bucket = "s3://" + BenchEnvironment.EVENTS_BUCKET + "/";
        PipitProject project = PipitProject.create(projectDir, env.s3())
                .addDataSource(TABLE, bucket + eventsKey, "@on-demand")
                .addDataSource(WARMUP_TABLE, bucket + warmupKey, "@on-demand");
        return open(env.plugins(), project, PipitConfig.of(dbSettings));
    }

    /** Pipit on {@code project}, with the database {@code config} describes, opened and migrated. */
    static PipitImport open(PluginRegistry plugins, PipitProject project, PipitConfig config) {
        Database database = Database.open(config, project.root());
        try {
            return new PipitImport(database, new ImportRunner(database, plugins, project.load(plugins),
                    RunLimits.from(config), "bench"));
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    Database database() {
        return database;
    }

    /**
     * Triggers a run of {@code dataSource} and waits for it.
     *
     * @return the rows imported
     * @throws IllegalStateException when the run did not succeed
     */
    long run(String dataSource) {
        return run(dataSource, RunTrigger.MANUAL);
    }

    /** Runs {@code dataSource} as {@code trigger} would; see {@link #run(String)}. */
    long run(String dataSource, RunTrigger trigger) {
        RunRecord run = runner.run(dataSource, trigger, RunListener.NONE, () -> false);
        if (run.status() != RunStatus.SUCCEEDED) {
            throw new IllegalStateException("Pipit's run of " + dataSource + " ended " + run.status() + ": "
                    + run.error());
        }
        if (run.quarantined() > 0) {
            throw new IllegalStateException(run.quarantined() + " generated rows were quarantined: a benchmark bug");
        }
        return run.rows();
    }

    @Override
    public void close() {
        try {
            runner.close();
        } finally {
            database.close();
        }
    }
}
