package dev.pipit.scheduler.history;

import java.util.Locale;

/** What kind of change the catalog made to a data source's table; stored in lower case. */
public enum SchemaChangeKind {
    TABLE_CREATED,
    COLUMN_ADDED,
    /** A file's columns were chosen as the reference schema of a data source declared without one. */
    SCHEMA_REFERENCE;

    public String sqlValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SchemaChangeKind fromSql(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
