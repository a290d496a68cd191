package dev.pipit.scheduler.load;

import dev.pipit.scheduler.project.ColumnDef;
import dev.pipit.scheduler.project.JsonPath;
import dev.pipit.spi.format.SourceRow;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where each column's value comes from in one file's records, decided once per file: by position for a file
 * without field names, else by the column's {@code json:} path. A file that names its fields (a CSV header) may
 * name a column outright where the path would dig into nested JSON; the column's own name wins there, because
 * flat files carry no nesting to dig into.
 */
public final class ColumnMapping {
    private final List<JsonPath> paths;
    private final boolean positional;

    private ColumnMapping(List<JsonPath> paths, boolean positional) {
        this.paths = paths;
        this.positional = positional;
    }

    static ColumnMapping of(List<ColumnDef> columns, List<String> fieldNames, boolean positional) {
        List<JsonPath> paths = columns.stream().map(column -> pathOf(column, fieldNames)).toList();
        return new ColumnMapping(paths, positional);
    }

    /**
     * The top-level fields any mapping of these columns may read: each path's root, and each column's own name,
     * which wins where a file names it and not the root. Empty, meaning every field, when a path takes the whole
     * record ({@code $}).
     */
    public static List<String> neededFields(List<ColumnDef> columns) {
        Set<String> fields = new LinkedHashSet<>();
        for (ColumnDef column : columns) {
            if (column.jsonPath() != null) {
                String root = JsonPath.parse(column.jsonPath()).rootField();
                if (root == null) {
                    return List.of();
                }
                fields.add(root);
            }
            fields.add(column.name());
        }
        return List.copyOf(fields);
    }

    private static JsonPath pathOf(ColumnDef column, List<String> fieldNames) {
        if (column.jsonPath() == null) {
            return JsonPath.ofColumn(column.name());
        }
        JsonPath path = JsonPath.parse(column.jsonPath());
        boolean namedByFile = !fieldNames.isEmpty();
        if (namedByFile && !fieldNames.contains(path.rootField()) && fieldNames.contains(column.name())) {
            return JsonPath.ofColumn(column.name());
        }
        return path;
    }

    /** The source value of every column, in column order; {@code null} where the record has none. */
    Object[] values(SourceRow record) {
        Object[] values = new Object[paths.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = positional ? record.field(i) : paths.get(i).evaluate(record, record.rawText());
        }
        return values;
    }
}
