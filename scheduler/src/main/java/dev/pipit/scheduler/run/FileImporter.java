package dev.pipit.scheduler.run;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.db.DatabaseErrors;
import dev.pipit.scheduler.history.RunHistory;
import dev.pipit.scheduler.ledger.AfterImportLedger;
import dev.pipit.scheduler.ledger.FileAttempts;
import dev.pipit.scheduler.ledger.FileLedger;
import dev.pipit.scheduler.ledger.LedgerFile;
import dev.pipit.scheduler.load.Causes;
import dev.pipit.scheduler.load.ColumnMapping;
import dev.pipit.scheduler.load.RowConversion;
import dev.pipit.scheduler.load.TableLoader;
import dev.pipit.scheduler.project.AfterImport;
import dev.pipit.scheduler.project.ColumnDef;
import dev.pipit.spi.connector.BucketAddress;
import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.spi.error.ErrorCategory;
import dev.pipit.spi.format.FormatReader;
import dev.pipit.spi.format.SourceRow;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 3 of a run, for one file: claim it, read it, write its rows and quarantined rows, and mark it imported, all
 * in ONE transaction. That single commit is the exactly-once guarantee: a crash at any moment leaves either the
 * whole file and its ledger row, or neither, and the next run takes a pending file again. Each attempt is counted
 * before that transaction opens ({@link FileAttempts}), so a file that kills the process is recognised and failed.
 */
final class FileImporter {
    private static final Logger LOG = LoggerFactory.getLogger(FileImporter.class);
    private static final long PROGRESS_EVERY_ROWS = 5_000;

    private final Database database;
    private final FileLedger ledger;
    private final FileAttempts attempts;
    private final AfterImportLedger afterImports;
    /** Ends of attempts the database was not there to record; recorded before the next attempt begins. */
    private final Set<Long> lateEnds = ConcurrentHashMap.newKeySet();
    private final RunHistory history;
    private final TableLoader tables;
    private final SchemaEvolution evolution;
    private final RunLimits limits;

    FileImporter(Database database, FileLedger ledger, RunHistory history, TableLoader tables,
            SchemaEvolution evolution, RunLimits limits) {
        this.database = requireNonNull(database, "database is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.attempts = new FileAttempts(database.jdbi());
        this.afterImports = new AfterImportLedger(database.jdbi());
        this.history = requireNonNull(history, "history is null");
        this.tables = requireNonNull(tables, "tables is null");
        this.evolution = requireNonNull(evolution, "evolution is null");
        this.limits = requireNonNull(limits, "limits is null");
    }

    /**
     * Imports a file, trying it again from its first byte, each time in a new transaction, while the store fails
     * to deliver it ({@link ErrorCategory#RETRIABLE}) and attempts are left. A file whose content is bad fails at
     * once: reading it again would give the same answer.
     *
     * @return {@code false} when the file was marked failed (also when earlier attempts at it killed the importer
     *     {@code import.crash-attempts} times), {@code true} when it was imported or another run had
     *     taken it
     * @throws RunAbortedException when the database connection failed, the store refused the connection's
     *     credentials or settings ({@link ErrorCategory#CONFIGURATION}: every file would fail alike until they are
     *     mended), or the thread was interrupted while waiting to retry: the file stays pending
     */
    boolean importFile(LedgerFile file, FileImportContext context) {
        for (int attempt = 1; ; attempt++) {
            FileAttempts.Start start = beginAttempt(file, context);
            if (start == FileAttempts.Start.POISONED) {
                LOG.warn("Run {}: {} failed: earlier attempts at it killed the importer {} times or more; it is not"
                        + " taken again automatically", context.runId(), file.uri(), limits.crashAttempts());
                context.listener().fileDone(file.uri(), 0, true);
                return false;
            }
            if (start == FileAttempts.Start.TAKEN) {
                LOG.info("Run {}: {} was taken by another run", context.runId(), file.uri());
                return true;
            }
            if (attempt == 1) {
                LOG.info("Run {}: importing {}", context.runId(), file.uri());
            }
            try {
                return importOnce(file, context);
            } catch (Exception e) {
                if (DatabaseErrors.isConnectionFailure(e)) {
                    // This process lived to see the attempt end, so it must not count as one that killed it.
                    lateEnds.add(file.id());
                    throw new RunAbortedException("the database connection failed while importing " + file.uri()
                            + "; the file stays pending: " + Causes.describe(e), e);
                }
                ErrorCategory category = ErrorCategory.of(e).orElse(null);
                if (category == ErrorCategory.CONFIGURATION) {
                    attempts.end(file.id());
                    throw new RunAbortedException(Causes.describe(e) + "; " + file.uri() + " stays pending", e);
                }
                String cause = describe(e, file, context);
                boolean retry = category == ErrorCategory.RETRIABLE && attempt < limits.fileAttempts();
                if (!retry) {
                    String failure = attempt > 1 ? cause + " (after " + attempt + " attempts)" : cause;
                    fail(file, context, failure, category == ErrorCategory.RETRIABLE);
                    attempts.end(file.id());
                    context.listener().fileDone(file.uri(), 0, true);
                    return false;
                }
                attempts.end(file.id());
                Duration wait = limits.backoffBefore(attempt + 1);
                LOG.warn("Run {}: attempt {} of {} at {} failed, rolled back; trying again from its first byte in "
                        + "{} ms: {}", context.runId(), attempt, limits.fileAttempts(), file.uri(), wait.toMillis(),
                        cause);
                sleep(wait, file);
            } catch (Error e) {
                throw failForError(file, context, e);
            }
        }
    }

    /**
     * Marks the file failed, or, when the store failed to deliver it ({@code transientCause}) and it has retries
     * across runs left, keeps it pending until its backoff ends. Content failures are final: reading the same bytes
     * again gives the same answer.
     */
    private void fail(LedgerFile file, FileImportContext context, String failure, boolean transientCause) {
        if (!transientCause) {
            LOG.warn("Run {}: {} failed: {}", context.runId(), file.uri(), failure);
            ledger.markFailed(file.id(), context.runId(), failure);
            return;
        }
        Instant next = ledger.deferOrFail(file.id(), context.runId(), failure, limits.fileRetries(),
                limits.fileRetryBackoff());
        if (next == null) {
            LOG.warn("Run {}: {} failed for good: {}", context.runId(), file.uri(), failure);
        } else {
            LOG.warn("Run {}: {} failed, a later run tries it again after {}: {}", context.runId(), file.uri(),
                    next, failure);
        }
    }

    /**
     * The cause the ledger keeps. The category decides what happens to the file; a program's mistake somewhere in
     * the chain decides only the wording, since its message is the JVM's, not the file's ({@link InternalFailures}).
     */
    private static String describe(Exception error, LedgerFile file, FileImportContext context) {
        Throwable bug = InternalFailures.find(error);
        if (bug == null) {
            return Causes.describe(error);
        }
        LOG.warn("Run {}: internal error reading {}", context.runId(), file.uri(), error);
        return InternalFailures.describe(bug);
    }

    private FileAttempts.Start beginAttempt(LedgerFile file, FileImportContext context) {
        try {
            recordLateEnds();
            return attempts.begin(file.id(), context.runId(), limits.crashAttempts());
        } catch (RuntimeException e) {
            if (DatabaseErrors.isConnectionFailure(e)) {
                throw new RunAbortedException("the database connection failed before importing " + file.uri()
                        + "; the file stays pending: " + Causes.describe(e), e);
            }
            throw e;
        }
    }

    private void recordLateEnds() {
        for (Long fileId : lateEnds) {
            if (lateEnds.remove(fileId)) {
                try {
                    attempts.end(fileId);
                } catch (RuntimeException e) {
                    lateEnds.add(fileId);
                    throw e;
                }
            }
        }
    }

    /**
     * Fails the file an {@link Error} came out of, and the run with it; the file's transaction rolled back as the
     * error unwound. An error that leaves the JVM unusable ({@link JvmErrors}) is thrown on once the file is marked,
     * for the daemon to exit; any other ends the run, and the next run takes the remaining files.
     */
    private RuntimeException failForError(LedgerFile file, FileImportContext context, Error error) {
        if (JvmErrors.leavesJvmUnusable(error) && !(error instanceof OutOfMemoryError)) {
            throw error;
        }
        String cause = JvmErrors.describe(error);
        LOG.error("Run {}: {} failed: {}", context.runId(), file.uri(), cause, error);
        try {
            ledger.markFailed(file.id(), context.runId(), cause);
            if (!JvmErrors.leavesJvmUnusable(error)) {
                attempts.end(file.id());
            }
            // Otherwise the attempt stays unfinished, as the process is about to die: should the failure not have
            // been recorded (the heap still full, the transaction's row lock not yet released), the file is still
            // counted as having killed its importer, and import.crash-attempts ends it.
        } catch (RuntimeException | Error recording) {
            error.addSuppressed(recording);
        }
        context.listener().fileDone(file.uri(), 0, true);
        if (JvmErrors.leavesJvmUnusable(error)) {
            throw error;
        }
        return new RunAbortedException(file.uri() + " failed: " + cause + "; the run ends here and the next run"
                + " takes the remaining files", error);
    }

    private boolean importOnce(LedgerFile file, FileImportContext context) throws Exception {
        ObjectRef object = objectOf(file, context);
        List<ColumnDef> schema = context.dataSource().schema().isEmpty()
                ? evolution.prepare(object, file.uri(), context)
                : context.dataSource().schema();
        FileCounts counts = database.jdbi().inTransaction(
                handle -> importInTransaction(handle, file, object, schema, context));
        if (counts == null) {
            attempts.end(file.id());
            LOG.info("Run {}: {} was taken by another run", context.runId(), file.uri());
            return true;
        }
        LOG.info("Run {}: imported {} ({} rows, {} quarantined)", context.runId(), file.uri(), counts.rows(),
                counts.quarantined());
        context.listener().fileDone(file.uri(), counts.rows(), false);
        return true;
    }

    private static void sleep(Duration wait, LedgerFile file) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunAbortedException("stopped while waiting to retry " + file.uri()
                    + "; the file stays pending", e);
        }
    }

    /** @return the counts, or {@code null} when another run holds or has taken the file */
    private FileCounts importInTransaction(
            Handle handle, LedgerFile file, ObjectRef object, List<ColumnDef> schema, FileImportContext context)
            throws IOException, java.sql.SQLException {
        if (!ledger.claim(handle, file.id(), context.runId())) {
            return null;
        }
        long rows = 0;
        long quarantined = 0;
        List<String> columnNames = schema.stream().map(ColumnDef::name).toList();
        try (FormatReader reader = ReadAhead.of(context.formats().open(context.store(), object, file.uri(),
                        columnNames, ColumnMapping.neededFields(schema)), file.uri());
                TableLoader.Load load = tables.begin(handle, context.dataSource().name(), schema,
                        Long.toString(context.runId()))) {
            // Converted here, not on the reading thread: on PostgreSQL, which works in a process of its own, CSV
            // imported 5 % faster with parsing and converting on different threads (Parquet 5 % slower, H2 alike).
            RowConversion conversion = RowConversion.of(schema, reader);
            SourceRow record;
            while ((record = reader.read()) != null) {
                if (load.accept(conversion.convert(record))) {
                    rows++;
                } else {
                    quarantined++;
                }
                if ((rows + quarantined) % PROGRESS_EVERY_ROWS == 0) {
                    context.listener().rowsRead(rows);
                }
            }
            load.finish();
        }
        ledger.markImported(handle, file.id(), rows, quarantined, object.size());
        recordAfterImport(handle, file, context);
        attempts.end(handle, file.id());
        history.addFile(handle, context.runId(), rows, object.size(), quarantined);
        return new FileCounts(rows, quarantined);
    }

    /**
     * Records what {@code IMPORT_AFTER_IMPORT} asks for, in the import's transaction: the action commits with the
     * rows or not at all, and the store is only touched once both are committed ({@link AfterImportActions}).
     */
    private void recordAfterImport(Handle handle, LedgerFile file, FileImportContext context) {
        AfterImport afterImport = context.dataSource().importSpec().orElseThrow().afterImport();
        if (afterImport.action() != AfterImport.Action.KEEP) {
            afterImports.record(handle, file.id(), afterImport.action().sqlValue(),
                    afterImport.action() == AfterImport.Action.MOVE ? afterImport.targetKey(file.objectKey()) : null);
        }
    }

    /** Rebuilds the object from its ledger row, so files found by earlier runs need no listing to import. */
    private static ObjectRef objectOf(LedgerFile file, FileImportContext context) {
        return objectOf(file, context.address(), context.dataSource().importSpec().orElseThrow().bucketUri());
    }

    /**
     * The object a ledger row names, as long as it is still in the bucket the data source reads.
     *
     * @param writtenUri {@code IMPORT_BUCKET_URI} as written, for the message
     */
    static ObjectRef objectOf(LedgerFile file, BucketAddress address, String writtenUri) {
        if (!file.bucket().equals(address.bucket())) {
            throw new UnreadableFileException("the object is no longer under IMPORT_BUCKET_URI " + writtenUri);
        }
        return new ObjectRef(file.bucket(), file.objectKey(), file.size(), file.lastModified(), file.etag());
    }

    private record FileCounts(long rows, long quarantined) {}
}
