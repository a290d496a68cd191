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
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 3 of a run, for one file: claim it, read it, write its rows and quarantined rows, and mark it imported, all
 * in ONE transaction. That single commit is the exactly-once guarantee: a crash at any moment leaves either the
 * whole file and its ledger row, or neither, and the next run takes a pending file again. Small files may share
 * that transaction ({@link #importGroup}); each is still whole in exactly one. Each attempt is counted before the
 * transaction opens ({@link FileAttempts}), so a file that kills the process is recognised and failed.
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
    private final AttemptOutcomes outcomes;

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
        this.outcomes = new AttemptOutcomes(ledger, attempts, limits);
    }

    /**
     * Imports a file, trying it again from its first byte, each time in a new transaction, while the store fails
     * to deliver it ({@link ErrorCategory#RETRIABLE}) and attempts are left. A file whose content is bad fails at
     * once: reading it again would give the same answer.
     *
     * @return {@code false} when the file was marked failed (also when earlier attempts at it killed the importer
     *     {@code import.crash-attempts} times), {@code true} when it was imported or another run had
     *     taken it
     * @throws RunAbortedException when the database connection failed or the database ran out of a resource (a full
     *     disk), the store refused the connection's credentials or settings ({@link ErrorCategory#CONFIGURATION}:
     *     every file would fail alike until they are mended), or the thread was interrupted while waiting to retry:
     *     the file stays pending
     */
    boolean importFile(LedgerFile file, FileImportContext context) {
        return importFrom(file, context, 1);
    }

    /** {@link #importFile}, from attempt {@code first}: the attempts before it were made and ended. */
    private boolean importFrom(LedgerFile file, FileImportContext context, int first) {
        for (int attempt = first; ; attempt++) {
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
            } catch (RunAbortedException e) {
                attempts.end(file.id());
                throw e;
            } catch (Exception e) {
                if (DatabaseErrors.isUnavailable(e)) {
                    throw databaseFailed(List.of(file.id()), file.uri() + "; the file stays pending", e);
                }
                attempts.end(file.id());
                if (!outcomes.tryAgain(file, context, attempt, e)) {
                    return false;
                }
            } catch (Error e) {
                throw outcomes.failForError(file, context, e);
            }
        }
    }

    /**
     * Imports a group of files ({@link FileGroups}) in one transaction: each is claimed, read and marked imported in
     * it as {@link #importFile} does alone, so the group's rows and ledger rows commit together or not at all, and
     * small files share the cost of a commit. A file an earlier attempt left unfinished goes on its own, as does any
     * file the group could not begin.
     *
     * <p>When a file fails, the transaction rolls back: the other files are imported again, together, and the group's
     * try counts as the failed file's first attempt, so a bad file fails with its cause at once and a broken download
     * is retried alone for the rest of its {@code import.attempts}, as if it had been alone from the start. An
     * {@link Error} fails the file being read when it came, and the run, as it would have alone.
     *
     * @param imported told of each file imported, or taken by another run, once its transaction committed
     * @return how many of the files were marked failed
     * @throws RunAbortedException as {@link #importFile} does
     */
    int importGroup(List<LedgerFile> group, FileImportContext context, Consumer<LedgerFile> imported) {
        Set<Long> together = new HashSet<>();
        int failed = 0;
        if (group.size() > 1) {
            List<LedgerFile> begun = begunTogether(group, context);
            begun.forEach(file -> together.add(file.id()));
            if (!begun.isEmpty()) {
                failed += importTogether(begun, context, imported);
            }
        }
        for (LedgerFile file : group) {
            if (together.contains(file.id())) {
                continue;
            }
            if (importFile(file, context)) {
                imported.accept(file);
            } else {
                failed++;
            }
        }
        return failed;
    }

    private List<LedgerFile> begunTogether(List<LedgerFile> group, FileImportContext context) {
        Set<Long> begun = beforeImport(() -> attempts.beginTogether(group.stream().map(LedgerFile::id).toList()),
                group.size() + " files from " + group.get(0).uri() + "; the files stay pending");
        return group.stream().filter(file -> begun.contains(file.id())).toList();
    }

    /**
     * The transaction of {@link #importGroup}, for files whose attempts began together.
     *
     * @return how many of the files were marked failed
     */
    private int importTogether(List<LedgerFile> files, FileImportContext context, Consumer<LedgerFile> imported) {
        List<Long> ids = files.stream().map(LedgerFile::id).toList();
        String named = files.size() + " files from " + files.get(0).uri();
        AtomicReference<LedgerFile> reading = new AtomicReference<>(files.get(0));
        Map<LedgerFile, FileCounts> counts;
        try {
            counts = database.jdbi().inTransaction(handle -> {
                Map<LedgerFile, FileCounts> byFile = new LinkedHashMap<>();
                long rowsBefore = 0;
                for (LedgerFile file : files) {
                    reading.set(file);
                    LOG.info("Run {}: importing {}", context.runId(), file.uri());
                    // Groups are made only for data sources with SCHEMA: no file of one changes the table.
                    FileCounts fileCounts = importInTransaction(handle, file, objectOf(file, context),
                            context.dataSource().schema(), context, rowsBefore);
                    byFile.put(file, fileCounts);
                    rowsBefore += fileCounts == null ? 0 : fileCounts.rows();
                }
                countInRun(handle, context, byFile.values());
                return byFile;
            });
        } catch (RunAbortedException e) {
            attempts.endAll(ids);
            throw e;
        } catch (Exception e) {
            if (DatabaseErrors.isUnavailable(e)) {
                throw databaseFailed(ids, named + " together; they stay pending", e);
            }
            attempts.endAll(ids);
            return afterFailure(reading.get(), files, context, imported, e);
        } catch (Error e) {
            if (JvmErrors.leavesJvmUnusable(e) && !(e instanceof OutOfMemoryError)) {
                // The attempts stay unfinished: after the restart, each of the files is a suspect, imported alone.
                throw e;
            }
            try {
                attempts.endAll(ids.stream().filter(id -> id != reading.get().id()).toList());
            } catch (RuntimeException | Error recording) {
                // Short of memory, H2 may have closed the database: the error must still reach the run.
                e.addSuppressed(recording);
            }
            throw outcomes.failForError(reading.get(), context, e);
        }
        List<Long> taken = new ArrayList<>();
        counts.forEach((file, fileCounts) -> {
            if (!committed(file, fileCounts, context)) {
                taken.add(file.id());
            }
            imported.accept(file);
        });
        if (!taken.isEmpty()) {
            attempts.endAll(taken);
        }
        return 0;
    }

    /**
     * After {@code culprit} failed a group's transaction, which rolled back with every attempt of the group ended:
     * the others go again together, then the culprit goes on alone from its second attempt, or is marked failed.
     */
    private int afterFailure(LedgerFile culprit, List<LedgerFile> files, FileImportContext context,
            Consumer<LedgerFile> imported, Exception e) {
        if (ErrorCategory.of(e).orElse(null) == ErrorCategory.CONFIGURATION) {
            throw new RunAbortedException(Causes.describe(e) + "; " + files.size() + " files from "
                    + files.get(0).uri() + " stay pending", e);
        }
        List<LedgerFile> others = files.stream().filter(file -> file.id() != culprit.id()).toList();
        LOG.info("Run {}: {} failed, which rolled back the transaction it shared with {} other files; they are"
                + " imported again", context.runId(), culprit.uri(), others.size());
        int failed = others.isEmpty() ? 0 : importGroup(others, context, imported);
        if (outcomes.tryAgain(culprit, context, 1, e) && importFrom(culprit, context, 2)) {
            imported.accept(culprit);
        } else {
            failed++;
        }
        return failed;
    }

    private FileAttempts.Start beginAttempt(LedgerFile file, FileImportContext context) {
        return beforeImport(() -> attempts.begin(file.id(), context.runId(), limits.crashAttempts()),
                file.uri() + "; the file stays pending");
    }

    /** Records the attempt ends the database was not there for, then {@code begin}; {@code what} names the files. */
    private <T> T beforeImport(Supplier<T> begin, String what) {
        try {
            recordLateEnds();
            return begin.get();
        } catch (RuntimeException e) {
            if (DatabaseErrors.isUnavailable(e)) {
                throw new RunAbortedException(DatabaseErrors.whatFailed(e) + " before importing " + what + ": "
                        + Causes.describe(e), e);
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

    private boolean importOnce(LedgerFile file, FileImportContext context) throws Exception {
        ObjectRef object = objectOf(file, context);
        List<ColumnDef> schema = context.dataSource().schema().isEmpty()
                ? evolution.prepare(object, file.uri(), context)
                : context.dataSource().schema();
        FileCounts counts = database.jdbi().inTransaction(handle -> {
            FileCounts fileCounts = importInTransaction(handle, file, object, schema, context, 0);
            countInRun(handle, context, Collections.singletonList(fileCounts));
            return fileCounts;
        });
        if (!committed(file, counts, context)) {
            attempts.end(file.id());
        }
        return true;
    }

    /**
     * Reports a file whose transaction committed.
     *
     * @param counts its counts, or {@code null} when another run held or had taken it
     * @return {@code false} when it was taken by another run, whose attempt is then to be ended
     */
    private boolean committed(LedgerFile file, FileCounts counts, FileImportContext context) {
        if (counts == null) {
            LOG.info("Run {}: {} was taken by another run", context.runId(), file.uri());
            return false;
        }
        LOG.info("Run {}: imported {} ({} rows, {} quarantined)", context.runId(), file.uri(), counts.rows(),
                counts.quarantined());
        context.listener().fileDone(file.uri(), counts.rows(), false);
        return true;
    }

    /**
     * The run's end when the database connection failed, or the database ran out of a resource, while files were
     * read. This process lived to see their attempts end, so they must not count as ones that killed it: the ends
     * are recorded once the database is back, or at once when only a resource was short and the database takes them.
     *
     * @param what the files, and that they stay pending
     */
    private RunAbortedException databaseFailed(Collection<Long> fileIds, String what, Exception e) {
        if (!DatabaseErrors.isOutOfResources(e) || !endedNow(fileIds)) {
            lateEnds.addAll(fileIds);
        }
        return new RunAbortedException(DatabaseErrors.whatFailed(e) + " while importing " + what + ": "
                + Causes.describe(e), e);
    }

    private boolean endedNow(Collection<Long> fileIds) {
        try {
            attempts.endAll(fileIds);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * @param rowsBefore rows of the files before this one in the transaction, which progress counts with its own
     * @return the counts, or {@code null} when another run holds or has taken the file
     */
    private FileCounts importInTransaction(Handle handle, LedgerFile file, ObjectRef object, List<ColumnDef> schema,
            FileImportContext context, long rowsBefore) throws IOException, java.sql.SQLException {
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
                    context.listener().rowsRead(rowsBefore + rows);
                }
            }
            load.finish();
        }
        ledger.markImported(handle, file.id(), rows, quarantined, object.size());
        recordAfterImport(handle, file, context);
        attempts.end(handle, file.id());
        return new FileCounts(rows, quarantined, object.size());
    }

    /**
     * Adds the transaction's files to its run's counters: last, just before the commit. The run's row is one for
     * all of the run's transactions, and an update locks it until the commit; counted after each file, a group
     * held it while it read its next files, and a file of another thread that ended meanwhile waited on it past
     * H2's lock timeout and failed ("Timeout trying to lock table runs").
     */
    private void countInRun(Handle handle, FileImportContext context, Collection<FileCounts> files) {
        List<FileCounts> imported = files.stream().filter(Objects::nonNull).toList();
        if (!imported.isEmpty()) {
            history.addFiles(handle, context.runId(), imported.size(),
                    imported.stream().mapToLong(FileCounts::rows).sum(),
                    imported.stream().mapToLong(FileCounts::bytes).sum(),
                    imported.stream().mapToLong(FileCounts::quarantined).sum());
        }
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

    private record FileCounts(long rows, long quarantined, long bytes) {}
}
