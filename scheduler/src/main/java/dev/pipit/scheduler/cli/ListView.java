package dev.pipit.scheduler.cli;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * How an admin command shows a list: as a table for people, or as a JSON array of objects with {@code --json}
 * for scripts (whose field names are an interface: only ever added to).
 *
 * @param header the table's column titles
 * @param row one item's table cells, in header order
 * @param json one item as a JSON object
 * @param whenEmpty what to print instead of an empty table
 */
record ListView<T>(List<String> header, Function<T, Object[]> row, Function<T, Map<String, Object>> json,
        String whenEmpty) {
    ListView {
        header = List.copyOf(requireNonNull(header, "header is null"));
        requireNonNull(row, "row is null");
        requireNonNull(json, "json is null");
        requireNonNull(whenEmpty, "whenEmpty is null");
    }

    void print(PrintWriter out, List<T> items, boolean asJson) {
        if (asJson) {
            JsonOutput.print(out, items.stream().map(json).toList());
            return;
        }
        if (items.isEmpty()) {
            out.println(whenEmpty);
            out.flush();
            return;
        }
        TextTable table = new TextTable(header.toArray(String[]::new));
        items.forEach(item -> table.row(row.apply(item)));
        table.print(out);
    }

    /** Enum values as the database and JSON spell them: {@code SUCCEEDED} → {@code succeeded}. */
    static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
