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
 * flat files carry no nesting to dig into. Where the format says its records follow the file's names
 * ({@link dev.pipit.spi.format.FormatReader#recordsFollowFieldNames()}), a path's root field is found by its
 * position, once, rather than by its name in every record.
 */
public final class ColumnMapping {
    /** A root position of a path whose root field is looked up by name, or which takes the whole record. */
    private static final int BY_NAME = -1;

    private final List<JsonPath> paths;
    private final int[] rootPositions;
    private final boolean positional;

    private ColumnMapping(List<JsonPath> paths, int[] rootPositions, boolean positional) {
        this.paths = paths;
        this.rootPositions = rootPositions;
        this.positional = positional;
    }

    /**
     * @param recordsFollowFieldNames whether a record's field of a name is its field at the name's position in
     *     {@code fieldNames}
     */
    static ColumnMapping of(List<ColumnDef> columns, List<String> fieldNames, boolean positional,
            boolean recordsFollowFieldNames) {
        List<JsonPath> paths = columns.stream().map(column -> pathOf(column, fieldNames)).toList();
        int[] rootPositions = new int[paths.size()];
        for (int i = 0; i < rootPositions.length; i++) {
            String root = paths.get(i).rootField();
            rootPositions[i] = recordsFollowFieldNames && root != null ? fieldNames.indexOf(root) : BY_NAME;
        }
        return new ColumnMapping(paths, rootPositions, positional);
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
        String root = path.rootField(); // null for $, the whole record, which no field name replaces
        if (namedByFile && root != null && !fieldNames.contains(root) && fieldNames.contains(column.name())) {
            return JsonPath.ofColumn(column.name());
        }
        return path;
    }

    /** The source value of every column, in column order; {@code null} where the record has none. */
    Object[] values(SourceRow record) {
        Object[] values = new Object[paths.size()];
        for (int i = 0; i < values.length; i++) {
            if (positional) {
                values[i] = record.field(i);
            } else if (rootPositions[i] != BY_NAME) {
                values[i] = paths.get(i).evaluateFromRoot(record.field(rootPositions[i]));
            } else {
                values[i] = paths.get(i).evaluate(record);
            }
        }
        return values;
    }
}
