package dev.pipit.scheduler.load;

import dev.pipit.scheduler.history.SchemaChange;
import dev.pipit.scheduler.history.SchemaChangeKind;
import dev.pipit.scheduler.history.SchemaChanges;
import dev.pipit.scheduler.project.ColumnDef;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.project.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * The schema of a data source declared without {@code SCHEMA}, read back from {@code pipit.schema_changes}: the
 * columns added since its latest {@link SchemaChangeKind#SCHEMA_REFERENCE}, in order, each with its ClickHouse type
 * and json path as recorded when it was added.
 *
 * <p>The log is the store, rather than the table's own columns, because the SQL types lose what the ClickHouse
 * types say ({@code DateTime} and {@code DateTime64(3)} are both a timestamp; {@code Nullable} is not a SQL notion
 * here) and the table cannot say which member a column came from. The project stays immutable: the schema lives in
 * the database, next to the rows it describes, and survives restarts and other nodes.
 */
public final class InferredColumns {
    private static final Pattern SIMPLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final SchemaChanges schemaChanges;

    public InferredColumns(SchemaChanges schemaChanges) {
        this.schemaChanges = schemaChanges;
    }

    /** The columns, in order; empty until a file has been chosen as the schema reference. */
    public List<ColumnDef> read(Handle handle, DataSourceDef dataSource) {
        List<SchemaChange> changes = schemaChanges.list(handle, dataSource.name());
        int reference = -1;
        for (int i = 0; i < changes.size(); i++) {
            if (changes.get(i).kind() == SchemaChangeKind.SCHEMA_REFERENCE) {
                reference = i;
            }
        }
        List<ColumnDef> columns = new ArrayList<>();
        if (reference < 0) {
            return columns;
        }
        Location location = Location.ofFile(dataSource.file());
        for (SchemaChange change : changes.subList(reference + 1, changes.size())) {
            if (change.kind() == SchemaChangeKind.COLUMN_ADDED) {
                columns.add(new ColumnDef(change.columnName(), change.columnType(), change.jsonPath(), null, null,
                        location));
            }
        }
        return columns;
    }

    /**
     * The json path that reads a top-level field, or {@code null} when no path can name it (a name holding both
     * a quote and a bracket): such a field is left out of the schema.
     */
    public static String pathOf(String field) {
        if (SIMPLE_NAME.matcher(field).matches()) {
            return "$." + field;
        }
        if (field.indexOf(']') >= 0 || field.indexOf('\'') >= 0 && field.indexOf('"') >= 0) {
            return null;
        }
        return field.indexOf('\'') >= 0 ? "$[\"" + field + "\"]" : "$['" + field + "']";
    }
}
