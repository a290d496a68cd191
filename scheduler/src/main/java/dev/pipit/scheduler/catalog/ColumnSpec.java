package dev.pipit.scheduler.catalog;

import static java.util.Objects.requireNonNull;

/**
 * A column as the catalog needs it: a valid SQL name, its parsed ClickHouse type, and its DEFAULT.
 *
 * @param defaultExpression the {@code DEFAULT} expression as written, or {@code null}
 */
public record ColumnSpec(String name, ClickHouseType type, String defaultExpression) {
    public ColumnSpec {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        SqlNames.check(name, "column");
    }

    /** Whether the column takes NULL; in SQL every column does, so this is for the converter to enforce. */
    public boolean nullable() {
        return type.acceptsNull();
    }
}
