package dev.pipit.scheduler.catalog;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.db.Dialect;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Creates and evolves the tables data sources are loaded into, in the connection's default schema where users'
 * queries find them.
 *
 * <p>Every column is nullable in SQL: the converter enforces ClickHouse's non-null, so adding a column never fails
 * on the rows already there. Names are always double-quoted, so they keep their case.
 *
 * <p>Transactions: PostgreSQL runs these statements inside the caller's transaction, but H2 commits the open
 * transaction before any DDL. Callers therefore change tables before they claim a file, never halfway through one.
 */
public final class TableManager {
    public static final String QUARANTINE_SUFFIX = "_quarantine";
    public static final String ERROR_COLUMN = "c__error_column";
    public static final String ERROR = "c__error";
    public static final String IMPORT_ID = "c__import_id";
    public static final String INSERTION_DATE = "insertion_date";

    private final Dialect dialect;

    public TableManager(Dialect dialect) {
        this.dialect = requireNonNull(dialect, "dialect is null");
    }

    /**
     * Makes the caller's transaction the only one changing this table until it ends, so that nodes preparing the
     * same table at once take turns: the second sees what the first created. PostgreSQL needs it, because
     * {@code CREATE TABLE IF NOT EXISTS} run at the same moment by two transactions fails in one of them; H2 takes
     * its own exclusive lock for DDL.
     */
    public void lockChanges(Handle handle, String table) {
        if (dialect == Dialect.POSTGRESQL) {
            handle.createQuery("SELECT pg_advisory_xact_lock(hashtext(:name))")
                    .bind("name", "pipit.table." + SqlNames.check(table, "table"))
                    .mapTo(String.class)
                    .one();
        }
    }

    /**
     * Creates the table with these columns unless it exists; an existing table is left as it is.
     *
     * @throws IllegalArgumentException when a column's type is not supported
     */
    public void ensureTable(Handle handle, String table, List<ColumnSpec> columns) {
        String definitions = columns.stream()
                .map(column -> dialect.quote(column.name()) + " " + TypeMap.sqlType(column.type(), dialect).ddl())
                .collect(Collectors.joining(", "));
        handle.execute("CREATE TABLE IF NOT EXISTS " + quotedTable(table) + " (" + definitions + ")");
    }

    /** The table's columns in order, as the database spells them; empty when the table does not exist. */
    public List<String> existingColumns(Handle handle, String table) {
        SqlNames.check(table, "table");
        try {
            Connection connection = handle.getConnection();
            DatabaseMetaData metaData = connection.getMetaData();
            // Quoted names are stored as written, but a table created by hand without quotes is folded to lower
            // case by PostgreSQL and by H2 in this mode; try each spelling.
            Set<String> spellings = new LinkedHashSet<>(
                    List.of(table, table.toLowerCase(Locale.ROOT), table.toUpperCase(Locale.ROOT)));
            for (String spelling : spellings) {
                List<String> columns = new ArrayList<>();
                try (ResultSet rs = metaData.getColumns(
                        connection.getCatalog(), connection.getSchema(), spelling, null)) {
                    while (rs.next()) {
                        columns.add(rs.getString("COLUMN_NAME"));
                    }
                }
                if (!columns.isEmpty()) {
                    return columns;
                }
            }
            return List.of();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the columns of table " + table + ": " + e.getMessage(), e);
        }
    }

    /** Adds a column unless the table has one of that name already. */
    public void addColumn(Handle handle, String table, ColumnSpec column) {
        handle.execute("ALTER TABLE " + quotedTable(table) + " ADD COLUMN IF NOT EXISTS " + dialect.quote(column.name())
                + " " + TypeMap.sqlType(column.type(), dialect).ddl());
    }

    /**
     * Creates {@code <table>_quarantine} in Tinybird's layout: every source column as text, because a quarantined
     * value is one that did not fit its type, then {@value #ERROR_COLUMN} and {@value #ERROR} (arrays of the bad
     * columns and their messages), {@value #IMPORT_ID} and {@value #INSERTION_DATE}. When the table exists,
     * columns the source gained since are added.
     */
    public void ensureQuarantineTable(Handle handle, String table, List<String> columnNames) {
        String quarantine = quarantineTable(table);
        String text = "varchar";
        String textArray = dialect.arrayType(text);
        List<String> definitions = new ArrayList<>();
        for (String name : columnNames) {
            definitions.add(dialect.quote(SqlNames.check(name, "column")) + " " + text);
        }
        definitions.add(dialect.quote(ERROR_COLUMN) + " " + textArray);
        definitions.add(dialect.quote(ERROR) + " " + textArray);
        definitions.add(dialect.quote(IMPORT_ID) + " " + text);
        definitions.add(dialect.quote(INSERTION_DATE) + " timestamp with time zone");
        handle.execute("CREATE TABLE IF NOT EXISTS " + quotedTable(quarantine) + " (" + String.join(", ", definitions) + ")");

        Set<String> existing = existingColumns(handle, quarantine).stream()
                .map(name -> name.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        for (String name : columnNames) {
            if (!existing.contains(name.toLowerCase(Locale.ROOT))) {
                handle.execute("ALTER TABLE " + quotedTable(quarantine) + " ADD COLUMN " + dialect.quote(name) + " " + text);
            }
        }
    }

    public static String quarantineTable(String table) {
        return table + QUARANTINE_SUFFIX;
    }

    private String quotedTable(String table) {
        return dialect.quote(SqlNames.check(table, "table"));
    }
}
