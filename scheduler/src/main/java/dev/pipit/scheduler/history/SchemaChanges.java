package dev.pipit.scheduler.history;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.db.SqlValues;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The log of changes to data source tables ({@code pipit.schema_changes}), so users can see why a column exists. */
public final class SchemaChanges {
    private static final String INSERT = """
            INSERT INTO pipit.schema_changes
                   (datasource, change, column_name, column_type, json_path, source_key, changed_at)
            VALUES (:datasource, :change, :columnName, :columnType, :jsonPath, :sourceKey, CURRENT_TIMESTAMP)""";

    private static final String SELECT = """
            SELECT id, datasource, change, column_name, column_type, json_path, source_key, changed_at
              FROM pipit.schema_changes WHERE datasource = :datasource ORDER BY id""";

    private final Jdbi jdbi;

    public SchemaChanges(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /** Records a change in the caller's transaction, the one that made the change. */
    public void record(
            Handle handle, String datasource, SchemaChangeKind kind, String columnName, String columnType,
            String sourceKey) {
        record(handle, datasource, kind, columnName, columnType, null, sourceKey);
    }

    /** Records a change, with the json path of a column added to an inferred schema. */
    public void record(
            Handle handle, String datasource, SchemaChangeKind kind, String columnName, String columnType,
            String jsonPath, String sourceKey) {
        handle.createUpdate(INSERT)
                .bind("datasource", requireNonNull(datasource, "datasource is null"))
                .bind("change", requireNonNull(kind, "kind is null").sqlValue())
                .bind("columnName", columnName)
                .bind("columnType", columnType)
                .bind("jsonPath", jsonPath)
                .bind("sourceKey", SqlValues.fit(sourceKey, 2048))
                .execute();
    }

    /** The changes to a data source's table, oldest first. */
    public List<SchemaChange> list(String datasource) {
        return jdbi.withHandle(handle -> list(handle, datasource));
    }

    /** The changes to a data source's table, oldest first, read in the caller's transaction. */
    public List<SchemaChange> list(Handle handle, String datasource) {
        return handle.createQuery(SELECT)
                .bind("datasource", datasource)
                .map((rs, ctx) -> new SchemaChange(
                        rs.getLong("id"),
                        rs.getString("datasource"),
                        SchemaChangeKind.fromSql(rs.getString("change")),
                        rs.getString("column_name"),
                        rs.getString("column_type"),
                        rs.getString("json_path"),
                        rs.getString("source_key"),
                        SqlValues.instant(rs, "changed_at")))
                .list();
    }
}
