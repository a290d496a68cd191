package dev.pipit.scheduler.cli;

import dev.pipit.scheduler.catalog.TableManager;
import dev.pipit.scheduler.db.Database;
import java.util.List;
import java.util.Map;

/**
 * The rows of a data source's quarantine table, newest first, as {@code quarantine --json} and the console show
 * them: the data source's columns as text, then {@code c__error_column, c__error, c__import_id, insertion_date}.
 */
public final class QuarantineRows {
    private QuarantineRows() {}

    /** The table's columns, or an empty list when it does not exist yet. */
    public static List<String> columns(Database database, String dataSource) {
        String table = TableManager.quarantineTable(dataSource);
        return database.jdbi().withHandle(handle -> new TableManager(database.dialect()).existingColumns(handle, table));
    }

    /** The latest rows, keyed by lower-case column name; call only when {@link #columns} found the table. */
    public static List<Map<String, Object>> latest(Database database, String dataSource, int limit) {
        String select = "SELECT * FROM " + database.dialect().quote(TableManager.quarantineTable(dataSource))
                + " ORDER BY " + database.dialect().quote(TableManager.INSERTION_DATE) + " DESC";
        return database.jdbi().withHandle(handle -> handle.createQuery(select)
                .setMaxRows(limit)
                .map((rs, ctx) -> JdbcValues.row(rs))
                .list());
    }
}
