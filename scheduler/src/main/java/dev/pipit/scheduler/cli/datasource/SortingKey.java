package dev.pipit.scheduler.cli.datasource;

import dev.pipit.scheduler.catalog.ClickHouseType;
import dev.pipit.scheduler.project.ColumnDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code ENGINE_SORTING_KEY} a new data source gets: its first time column, since queries on events filter
 * by time first, then its first identifier ({@code id}, {@code user_id}) to order rows within a moment. Without
 * either, the first column of a type that sorts meaningfully. Nullable columns are never taken, since ClickHouse
 * refuses them in a sorting key; with nothing left, {@code tuple()}, ClickHouse's empty key.
 */
final class SortingKey {
    private static final Set<String> TIME_TYPES = Set.of("Date", "Date32", "DateTime", "DateTime64");
    private static final Set<String> KEY_TYPES = Set.of("String", "UUID", "Int8", "Int16", "Int32", "Int64",
            "UInt8", "UInt16", "UInt32", "UInt64", "Bool");

    private SortingKey() {}

    /** @param fallbackTime a time column every row has outside {@code columns} (Kafka's __timestamp), or null */
    static String of(List<ColumnDef> columns, String fallbackTime) {
        List<String> key = new ArrayList<>();
        ColumnDef time = first(columns, TIME_TYPES, null);
        if (time != null) {
            key.add(time.name());
        } else if (fallbackTime != null) {
            key.add(fallbackTime);
        }
        ColumnDef identifier = first(columns, KEY_TYPES, time, true);
        if (identifier == null && key.isEmpty()) {
            identifier = first(columns, KEY_TYPES, null, false);
        }
        if (identifier != null) {
            key.add(identifier.name());
        }
        return key.isEmpty() ? "tuple()" : String.join(", ", key);
    }

    private static ColumnDef first(List<ColumnDef> columns, Set<String> types, ColumnDef except) {
        return first(columns, types, except, false);
    }

    private static ColumnDef first(List<ColumnDef> columns, Set<String> types, ColumnDef except,
            boolean identifierOnly) {
        for (ColumnDef column : columns) {
            ClickHouseType type = ClickHouseType.parse(column.type());
            boolean named = !identifierOnly || isIdentifier(column.name());
            if (column != except && named && !type.acceptsNull() && types.contains(type.valueType().name())) {
                return column;
            }
        }
        return null;
    }

    private static boolean isIdentifier(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        return lower.equals("id") || lower.endsWith("_id");
    }
}
