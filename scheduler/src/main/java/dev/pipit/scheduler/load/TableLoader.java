package dev.pipit.scheduler.load;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.catalog.ColumnSpec;
import dev.pipit.scheduler.catalog.InvalidValueException;
import dev.pipit.scheduler.catalog.QuarantineWriter;
import dev.pipit.scheduler.catalog.RowWriter;
import dev.pipit.scheduler.catalog.TableManager;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.SchemaChangeKind;
import dev.pipit.scheduler.history.SchemaChanges;
import dev.pipit.scheduler.project.ColumnDef;
import dev.pipit.scheduler.project.DataSourceDef;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * The data source's table and its quarantine twin: made ready before a run claims any file, then filled file by
 * file. Table changes happen only in {@link #prepare}, because H2 commits the open transaction before DDL: altering
 * a table in the middle of a file would commit half of it.
 */
public final class TableLoader {
    private final Database database;
    private final TableManager tables;
    private final SchemaChanges schemaChanges;
    private final InferredColumns inferred;

    public TableLoader(Database database) {
        this.database = requireNonNull(database, "database is null");
        this.tables = new TableManager(database.dialect());
        this.schemaChanges = new SchemaChanges(database.jdbi());
        this.inferred = new InferredColumns(schemaChanges);
    }

    /**
     * Creates the table and its quarantine table when missing, and adds the SCHEMA columns an existing table lacks.
     * A data source without SCHEMA gets its table from its first file instead (see {@code run.SchemaEvolution}); here
     * it is only checked that an existing table is one Pipit inferred.
     *
     * @throws IllegalStateException when a data source without SCHEMA has a table Pipit did not infer
     */
    public void prepare(DataSourceDef dataSource) {
        if (dataSource.schema().isEmpty()) {
            checkInferred(dataSource);
            return;
        }
        List<ColumnSpec> columns = specsOf(dataSource.schema());
        if (database.jdbi().withHandle(handle -> isPrepared(handle, dataSource.name(), columnNames(columns)))) {
            return;
        }
        database.jdbi().useTransaction(handle -> {
            tables.lockChanges(handle, dataSource.name());
            List<String> existing = tables.existingColumns(handle, dataSource.name());
            if (existing.isEmpty()) {
                tables.ensureTable(handle, dataSource.name(), columns);
                schemaChanges.record(handle, dataSource.name(), SchemaChangeKind.TABLE_CREATED, null, null, null);
            } else {
                Set<String> present = lowerCased(existing);
                for (ColumnSpec column : columns) {
                    if (!present.contains(column.name().toLowerCase(Locale.ROOT))) {
                        tables.addColumn(handle, dataSource.name(), column);
                        schemaChanges.record(handle, dataSource.name(), SchemaChangeKind.COLUMN_ADDED, column.name(),
                                column.type().toString(), null);
                    }
                }
            }
            tables.ensureQuarantineTable(handle, dataSource.name(), columnNames(columns));
        });
    }

    /**
     * Whether both tables already have every column: then there is nothing to change, and no lock or DDL to pay
     * for. That was a third of the CPU of an idle {@code @auto} run.
     */
    private boolean isPrepared(Handle handle, String table, List<String> columns) {
        return hasAll(tables.existingColumns(handle, table), columns)
                && hasAll(tables.existingColumns(handle, TableManager.quarantineTable(table)), columns);
    }

    private static boolean hasAll(List<String> existing, List<String> wanted) {
        Set<String> present = lowerCased(existing);
        return wanted.stream().allMatch(name -> present.contains(name.toLowerCase(Locale.ROOT)));
    }

    private static Set<String> lowerCased(List<String> names) {
        return names.stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    /**
     * A table made from a SCHEMA that was later removed has no inferred schema to evolve, and guessing one from
     * the next file could not match its columns: the run stops and says how to go on.
     */
    private void checkInferred(DataSourceDef dataSource) {
        database.jdbi().useHandle(handle -> {
            if (!tables.existingColumns(handle, dataSource.name()).isEmpty()
                    && inferred.read(handle, dataSource).isEmpty()) {
                throw new IllegalStateException("data source " + dataSource.name() + " has no SCHEMA, but its table "
                        + "was not inferred by Pipit; add a SCHEMA > block to " + dataSource.file()
                        + " that matches the table, or drop the table to infer it from the next file");
            }
        });
    }

    /**
     * Starts loading one file's rows, or one batch's, inside the caller's transaction; each row comes converted by a
     * {@link RowConversion} of the same {@code schema}.
     *
     * @param schema the data source's columns: its SCHEMA, or the inferred columns
     * @param importId what the quarantine records as the rows' import
     */
    public Load begin(Handle handle, String table, List<ColumnDef> schema, String importId) throws SQLException {
        List<ColumnSpec> columns = specsOf(schema);
        RowWriter rows = RowWriter.open(handle, database.dialect(), table, columns);
        try {
            QuarantineWriter quarantine = new QuarantineWriter(handle, database.dialect(), table,
                    columnNames(columns), importId);
            return new Load(rows, quarantine);
        } catch (SQLException | RuntimeException e) {
            rows.close();
            throw e;
        }
    }

    private static List<ColumnSpec> specsOf(List<ColumnDef> schema) {
        return schema.stream().map(ColumnSpecs::of).toList();
    }

    private static List<String> columnNames(List<ColumnSpec> columns) {
        return columns.stream().map(ColumnSpec::name).toList();
    }

    /** One file's (or one batch's) rows on their way into the table or the quarantine table. Not thread-safe. */
    public static final class Load implements AutoCloseable {
        private final RowWriter rows;
        private final QuarantineWriter quarantine;

        private Load(RowWriter rows, QuarantineWriter quarantine) {
            this.rows = rows;
            this.quarantine = quarantine;
        }

        /**
         * Writes a record converted beforehand (on any thread) by a {@link RowConversion} of the load's schema.
         *
         * @return {@code true} when the row went into the table, {@code false} when it went to quarantine
         */
        public boolean accept(RowConversion.Converted record) throws SQLException {
            if (record.errors() != null) {
                quarantine(record.source(), record.errors());
                return false;
            }
            rows.write(record.values());
            return true;
        }

        /**
         * Before the quarantine sends its batch, the rows written so far are sent: PostgreSQL's COPY holds the
         * connection until it ends.
         */
        private void quarantine(Object[] source, List<InvalidValueException> errors) throws SQLException {
            if (quarantine.sendsOnNextWrite()) {
                rows.flush();
            }
            quarantine.write(source, errors);
        }

        /** Sends what is still batched; the rows become visible when the file's transaction commits. */
        public void finish() throws SQLException {
            rows.flush();
            quarantine.flush();
        }

        @Override
        public void close() throws SQLException {
            try {
                rows.close();
            } finally {
                quarantine.close();
            }
        }
    }
}
