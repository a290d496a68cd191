package dev.pipit.scheduler.run;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.db.DatabaseErrors;
import dev.pipit.scheduler.history.RunHistory;
import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.history.RunStatus;
import dev.pipit.scheduler.history.RunTrigger;
import dev.pipit.scheduler.ledger.FileLedger;
import dev.pipit.scheduler.ledger.LedgerFile;
import dev.pipit.scheduler.ledger.Listings;
import dev.pipit.scheduler.load.Causes;
import dev.pipit.scheduler.load.TableLoader;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.AfterImport;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.project.ImportSpec;
import dev.pipit.scheduler.project.ObjectStores;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.project.Schedule;
import dev.pipit.spi.connector.ObjectStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One import run of one data source: discover new keys, take the oldest pending files (five for {@code @auto},
 * all for a trigger), import each in its own transaction (several at once, see {@link FileWorkers}), and record
 * the run. Safe to call from several threads
 * for different data sources; two runs of one data source are kept apart by Quartz and, underneath, by the
 * ledger's row locks.
 */
public final class ImportRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ImportRunner.class);
    private static final Duration FIRST_RECORD_RETRY = Duration.ofSeconds(1);
    private static final Duration LAST_RECORD_RETRY = Duration.ofSeconds(10);

    private final Database database;
    private final PluginRegistry plugins;
    private volatile Project project;
    private final RunLimits limits;
    private final String node;
    private final FileLedger ledger;
    private final RunHistory history;
    private final Discovery discovery;
    private final TableLoader tables;
    private final FileImporter importer;
    private final ObjectStores stores;
    private final Listings listings;
    /** The data sources with notifications whose bucket this runner has listed: the first run after a start lists. */
    private final Set<String> listedSinceStart = ConcurrentHashMap.newKeySet();
    private final AfterImportActions afterImports;

    public ImportRunner(Database database, PluginRegistry plugins, Project project, RunLimits limits, String node) {
        this.database = requireNonNull(database, "database is null");
        this.plugins = requireNonNull(plugins, "plugins is null");
        this.project = requireNonNull(project, "project is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.node = requireNonNull(node, "node is null");
        this.ledger = new FileLedger(database.jdbi());
        this.history = new RunHistory(database.jdbi());
        this.discovery = new Discovery(database.jdbi(), ledger, limits.listPageSize());
        this.tables = new TableLoader(database);
        this.importer = new FileImporter(database, ledger, history, tables, new SchemaEvolution(database), limits);
        this.stores = new ObjectStores(plugins);
        this.listings = new Listings(database.jdbi());
        this.afterImports = new AfterImportActions(database, limits.fileRetryBackoff());
    }

    public Project project() {
        return project;
    }

    /**
     * Runs that start from now on use {@code newProject}; a run in progress goes on with the project it started
     * with, so a new deployment never changes a run halfway.
     */
    public void useProject(Project newProject) {
        this.project = requireNonNull(newProject, "newProject is null");
        stores.keepOnly(newProject.connections().values());
    }

    /** Closes the connections' object stores, each once its run in progress has ended. */
    @Override
    public void close() {
        stores.close();
    }

    /**
     * Runs a data source to the end and returns its history record.
     *
     * @param trigger {@link RunTrigger#AUTO} takes at most {@link RunLimits#autoMaxFiles()} files; any other drains
     * @param stopRequested polled between files: once true, the run ends after the file in progress, and what is
     *     left stays pending for the next run
     * @throws IllegalArgumentException if the project has no import data source of that name
     */
    public RunRecord run(String dataSourceName, RunTrigger trigger, RunListener listener, BooleanSupplier stopRequested) {
        return run(dataSourceName, trigger, null, listener, stopRequested);
    }

    /**
     * Runs a data source to the end for a trigger request, which the history records so that any node can find
     * the run by it; see {@link #run(String, RunTrigger, RunListener, BooleanSupplier)}.
     *
     * @param request the trigger's request id, or {@code null} for a scheduled run
     */
    public RunRecord run(String dataSourceName, RunTrigger trigger, String request, RunListener listener,
            BooleanSupplier stopRequested) {
        Project current = project;
        DataSourceDef dataSource = importDataSource(current, dataSourceName);
        ImportSpec spec = dataSource.importSpec().orElseThrow();
        long runId = history.start(dataSourceName, trigger, node, request);
        listener.started(runId);
        LOG.info("Run {} of {} started ({} trigger)", runId, dataSourceName, trigger.name().toLowerCase(java.util.Locale.ROOT));
        try (ObjectStore store = openStore(current, spec)) {
            tables.prepare(dataSource);
            int discovered = listingDue(dataSourceName, spec, trigger) ? list(store, dataSourceName, spec) : 0;
            int limit = trigger == RunTrigger.AUTO && spec.schedule() == Schedule.AUTO ? limits.autoMaxFiles() : 0;
            List<LedgerFile> files = database.jdbi().withHandle(handle -> ledger.pending(handle, dataSourceName, limit));
            LOG.info("Run {} of {}: {} new keys found, {} files to import", runId, dataSourceName, discovered, files.size());
            listener.planned(files.size());
            // Actions earlier runs recorded but did not complete (a crash, the store refused), before new ones.
            AtomicInteger afterImportFailures = new AtomicInteger(
                    afterImports.carryOut(store, dataSourceName, null, runId));
            boolean actsAfterImport = spec.afterImport().action() != AfterImport.Action.KEEP;
            List<List<LedgerFile>> groups = transactions(dataSource, files);
            int workers = parallelFiles(dataSource, groups.size());
            FileImportContext context = new FileImportContext(runId, dataSource, store, spec.address(),
                    new FileFormatResolver(plugins, spec.format(), limits),
                    workers > 1 ? new ConcurrentProgress(listener) : listener);
            FileWorkers.Outcome outcome = FileWorkers.importAll(groups, workers, "pipit-import " + dataSourceName,
                    group -> importer.importGroup(group, context, file -> {
                        if (actsAfterImport) {
                            afterImportFailures.addAndGet(afterImports.carryOut(store, dataSourceName, file.id(),
                                    runId));
                        }
                    }), stopRequested);
            finish(runId, dataSourceName, files.size(), outcome.done(), outcome.failed(), afterImportFailures.get(),
                    stopRequested);
        } catch (RunAbortedException e) {
            LOG.warn("Run {} of {} stopped: {}", runId, dataSourceName, e.getMessage());
            record(runId, dataSourceName, RunStatus.FAILED, e.getMessage(), stopRequested);
        } catch (Exception e) {
            String message = Causes.describe(e);
            LOG.warn("Run {} of {} failed: {}", runId, dataSourceName, message);
            record(runId, dataSourceName, RunStatus.FAILED, message, stopRequested);
        } catch (Error e) {
            // A file's error was logged with its stack where the file failed; see JvmErrors for what follows.
            String message = JvmErrors.describe(e);
            LOG.error("Run {} of {} failed: {}", runId, dataSourceName, message);
            try {
                record(runId, dataSourceName, RunStatus.FAILED, message, stopRequested);
            } catch (RuntimeException | Error recording) {
                e.addSuppressed(recording);
            }
            if (JvmErrors.leavesJvmUnusable(e)) {
                throw e;
            }
        }
        return history.find(runId).orElseThrow();
    }

    /**
     * Whether this run lists the bucket. Without notifications every run does. With them, the bucket's events fill
     * the ledger, and a full listing catches what they missed: the first run of each data source after the start,
     * a run a person triggered, and a run once {@code IMPORT_BACKFILL_INTERVAL} has passed since the last listing
     * by any node.
     */
    private boolean listingDue(String dataSourceName, ImportSpec spec, RunTrigger trigger) {
        if (!spec.hasNotifications() || trigger == RunTrigger.MANUAL || !listedSinceStart.contains(dataSourceName)) {
            return true;
        }
        if (spec.backfillInterval().isZero()) {
            return false;
        }
        return listings.last(dataSourceName)
                .map(last -> !last.plus(spec.backfillInterval()).isAfter(Instant.now()))
                .orElse(true);
    }

    private int list(ObjectStore store, String dataSourceName, ImportSpec spec) throws IOException {
        Instant started = Instant.now();
        int discovered = discovery.discover(store, dataSourceName, spec);
        if (spec.hasNotifications()) {
            listings.listed(dataSourceName, started);
            listedSinceStart.add(dataSourceName);
            LOG.info("{}: backfill listing found {} keys no event had told of", dataSourceName, discovered);
        }
        return discovered;
    }

    /**
     * Records the run's end. When the database is what failed, the record waits for it to come back, retrying
     * with a growing pause, rather than leave the run "running" in the history for good; a shutdown meanwhile
     * leaves it to the next start, which fails the node's interrupted runs.
     */
    private void record(long runId, String dataSourceName, RunStatus status, String error,
            BooleanSupplier stopRequested) {
        Duration pause = FIRST_RECORD_RETRY;
        for (int attempt = 1; ; attempt++) {
            try {
                history.finish(runId, status, error);
                if (attempt > 1) {
                    LOG.info("Run {} of {} recorded as {} once the database was back", runId, dataSourceName,
                            status.name().toLowerCase(java.util.Locale.ROOT));
                }
                return;
            } catch (RuntimeException e) {
                if (!DatabaseErrors.isUnavailable(e) || stopRequested.getAsBoolean()) {
                    throw e;
                }
                LOG.warn("Run {} of {}: cannot record its end, {}; trying again in {} s: {}", runId, dataSourceName,
                        DatabaseErrors.isOutOfResources(e) ? DatabaseErrors.whatFailed(e)
                                : "the database is unreachable", pause.toSeconds(), Causes.describe(e));
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                Duration doubled = pause.multipliedBy(2);
                pause = doubled.compareTo(LAST_RECORD_RETRY) > 0 ? LAST_RECORD_RETRY : doubled;
            }
        }
    }

    /**
     * Records the run's end. Failed after-import actions leave the status alone, since their files' rows are in
     * the table, and add a note to the run's error column, as an early stop does: a later run tries them again.
     */
    private void finish(long runId, String dataSourceName, int planned, int done, int failed,
            int afterImportFailures, BooleanSupplier stopRequested) {
        StringBuilder error = new StringBuilder();
        if (failed > 0) {
            error.append(failed).append(" of ").append(done).append(" files failed; see `bin/scheduler files ")
                    .append(dataSourceName).append(" --status failed`");
        }
        if (done < planned) {
            int pending = planned - done;
            error.append(error.length() == 0 ? "" : "; ").append("stopped early for shutdown, ").append(pending)
                    .append(pending == 1 ? " file" : " files").append(" left pending for the next run");
        }
        if (afterImportFailures > 0) {
            error.append(error.length() == 0 ? "" : "; ").append(afterImportFailures)
                    .append(" IMPORT_AFTER_IMPORT actions failed and are tried again by a later run; see `bin/scheduler "
                            + "files ").append(dataSourceName).append(" --json` (after_import)");
        }
        RunStatus status = failed == 0 ? RunStatus.SUCCEEDED : failed == done ? RunStatus.FAILED : RunStatus.PARTIAL;
        record(runId, dataSourceName, status, error.length() == 0 ? null : error.toString(), stopRequested);
        LOG.info("Run {} of {} ended: {}{}", runId, dataSourceName, status, error.length() == 0 ? "" : " (" + error + ")");
    }

    /**
     * A data source without {@code SCHEMA} imports one file at a time: each file may change its table's columns
     * before its rows go in, and the first file is the schema's reference.
     */
    private int parallelFiles(DataSourceDef dataSource, int groups) {
        return dataSource.schema().isEmpty() ? 1 : Math.min(limits.parallelFiles(), groups);
    }

    /**
     * The files that share a transaction. Without {@code SCHEMA} each file has its own: its new columns are added
     * by {@code ALTER TABLE}, which H2 commits on the spot, with whatever the transaction held.
     */
    private List<List<LedgerFile>> transactions(DataSourceDef dataSource, List<LedgerFile> files) {
        return dataSource.schema().isEmpty()
                ? FileGroups.singles(files)
                : FileGroups.of(files, limits.filesPerCommit(), limits.bytesPerCommit());
    }

    private static DataSourceDef importDataSource(Project current, String name) {
        DataSourceDef dataSource = current.dataSources().get(name);
        if (dataSource == null || dataSource.importSpec().isEmpty()) {
            throw new IllegalArgumentException("no data source named '" + name + "' is imported from a bucket; "
                    + "import data sources: " + importDataSourceNames(current));
        }
        return dataSource;
    }

    private static List<String> importDataSourceNames(Project current) {
        return current.dataSources().values().stream()
                .filter(dataSource -> dataSource.importSpec().isPresent())
                .map(DataSourceDef::name)
                .toList();
    }

    private ObjectStore openStore(Project current, ImportSpec spec) {
        return stores.lease(current.connections().get(spec.connectionName()));
    }
}
