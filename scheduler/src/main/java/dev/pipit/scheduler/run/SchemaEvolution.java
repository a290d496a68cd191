package dev.pipit.scheduler.run;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.catalog.TableManager;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.SchemaChangeKind;
import dev.pipit.scheduler.history.SchemaChanges;
import dev.pipit.scheduler.load.ColumnSpecs;
import dev.pipit.scheduler.load.InferredColumns;
import dev.pipit.scheduler.project.ColumnDef;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.project.Location;
import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.spi.format.FormatReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Infers and evolves the schema of a data source declared without {@code SCHEMA}, one file at a time, before that
 * file's transaction: H2 commits the open transaction before DDL, so a table change inside the file's transaction
 * would commit half a file.
 *
 * <p>The first file imported is the <em>schema reference</em>: its sampled fields become the table's columns,
 * with the types {@link FileSample} guesses or the file declares. A later file with a field the table lacks (a new CSV header name, a
 * new NDJSON member, a CSV without header that is wider) adds it as {@code Nullable}, so the rows already there
 * read NULL. A file missing a column fills it with NULL or the type's default, as the converter does for any
 * missing value. Every change is recorded in {@code pipit.schema_changes} with the file that caused it, and that
 * log is where {@link InferredColumns} reads the schema back.
 *
 * <p>The sample is read in a pass of its own (a second read of the file's first records) so the DDL can commit
 * before the file's transaction opens.
 */
final class SchemaEvolution {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaEvolution.class);

    private final Database database;
    private final TableManager tables;
    private final SchemaChanges schemaChanges;
    private final InferredColumns inferred;

    SchemaEvolution(Database database) {
        this.database = requireNonNull(database, "database is null");
        this.tables = new TableManager(database.dialect());
        this.schemaChanges = new SchemaChanges(database.jdbi());
        this.inferred = new InferredColumns(schemaChanges);
    }

    /**
     * Makes the table ready for one file: creates it from the file when no reference exists yet, else adds the
     * columns for the file's new fields. Commits before returning.
     *
     * @return the data source's columns in order, the file's new ones included
     * @throws IOException when the file cannot be read far enough to sample it
     * @throws UnreadableFileException when the file is the reference but has no readable records
     */
    List<ColumnDef> prepare(ObjectRef object, String key, FileImportContext context) throws IOException {
        DataSourceDef dataSource = context.dataSource();
        List<String> known = names(database.jdbi().withHandle(handle -> inferred.read(handle, dataSource)));
        FileSample sample;
        try (FormatReader reader = context.formats().open(context.store(), object, key, known)) {
            sample = FileSample.read(reader, FileSample.MAX_RECORDS);
        }
        return database.jdbi().inTransaction(handle -> apply(handle, dataSource, key, sample));
    }

    private List<ColumnDef> apply(Handle handle, DataSourceDef dataSource, String key, FileSample sample) {
        String table = dataSource.name();
        tables.lockChanges(handle, table);
        List<ColumnDef> current = inferred.read(handle, dataSource);
        // A reference whose table is gone (dropped by hand to start over) no longer describes anything.
        boolean reference = current.isEmpty() || tables.existingColumns(handle, table).isEmpty();
        List<ColumnDef> added;
        if (reference) {
            if (sample.records() == 0 && !sample.declared()) {
                throw new UnreadableFileException("it has no readable records to infer the schema of " + table
                        + " from; the next file will be tried as the reference");
            }
            current = List.of();
            added = newColumns(dataSource, current, sample, false);
            schemaChanges.record(handle, table, SchemaChangeKind.SCHEMA_REFERENCE, null, null, key);
            tables.ensureTable(handle, table, added.stream().map(ColumnSpecs::of).toList());
            schemaChanges.record(handle, table, SchemaChangeKind.TABLE_CREATED, null, null, key);
        } else {
            added = newColumns(dataSource, current, sample, true);
            for (ColumnDef column : added) {
                tables.addColumn(handle, table, ColumnSpecs.of(column));
            }
        }
        for (ColumnDef column : added) {
            schemaChanges.record(handle, table, SchemaChangeKind.COLUMN_ADDED, column.name(), column.type(),
                    column.jsonPath(), key);
        }
        List<ColumnDef> columns = new ArrayList<>(current);
        columns.addAll(added);
        tables.ensureQuarantineTable(handle, table, names(columns));
        if (reference) {
            LOG.info("{}: schema inferred from {}: {}", table, key, describe(added));
        } else if (!added.isEmpty()) {
            LOG.info("{}: {} adds {}", table, key, describe(added));
        }
        return columns;
    }

    private static List<ColumnDef> newColumns(
            DataSourceDef dataSource, List<ColumnDef> current, FileSample sample, boolean evolving) {
        return sample.columns(current, evolving, Location.ofFile(dataSource.file()),
                field -> LOG.warn("{}: field '{}' is left out: no json path can name it", dataSource.name(), field))
                .stream().map(FileSample.Inferred::column).toList();
    }

    private static List<String> names(List<ColumnDef> columns) {
        return columns.stream().map(ColumnDef::name).toList();
    }

    private static String describe(List<ColumnDef> columns) {
        return columns.stream().map(column -> column.name() + " " + column.type()).toList().toString();
    }
}
