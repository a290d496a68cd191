package dev.pipit.scheduler.cli.datasource;

import dev.pipit.scheduler.cli.TextTable;
import dev.pipit.scheduler.run.FileSample;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** How {@code datasource analyze} shows a sample: a table for people, one JSON object for scripts. */
final class AnalysisReport {
    private AnalysisReport() {}

    static void printText(SampledSource source, PrintWriter out) {
        out.println(source.location() + (source.note().isEmpty() ? "" : " (" + source.note() + ")"));
        StringBuilder format = new StringBuilder("format: ").append(source.format());
        new TreeMap<>(source.dialect()).forEach((key, value) -> format.append(", ").append(key.replace('_', ' '))
                .append(": ").append(value.length() == 1 ? "'" + value + "'" : value));
        out.println(format);
        out.println(source.sample().declared()
                ? "types declared by the file"
                : "types guessed from " + source.sample().records() + " records");
        out.println();
        TextTable table = new TextTable("COLUMN", "TYPE", "JSON PATH", "NULLABLE", "EXAMPLES");
        for (FileSample.Inferred inferred : source.columns()) {
            table.row(inferred.column().name(), inferred.column().type(),
                    inferred.column().jsonPath() == null ? "(position " + inferred.field().position() + ")"
                            : inferred.column().jsonPath(),
                    nullable(inferred) ? "yes" : "no", String.join(", ", inferred.field().examples()));
        }
        table.print(out);
        List<FileSample.Inferred> rewritten = source.rewritten();
        if (!rewritten.isEmpty() || !source.leftOut().isEmpty()) {
            out.println();
        }
        for (FileSample.Inferred inferred : rewritten) {
            out.println("rewritten: field '" + inferred.field().name() + "' becomes column "
                    + inferred.column().name() + " (SQL names hold letters, digits and _)");
        }
        for (String field : source.leftOut()) {
            out.println("left out: field '" + field + "' (no json path can name it)");
        }
        out.flush();
    }

    static Map<String, Object> json(SampledSource source) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("source", source.location());
        document.put("note", source.note());
        document.put("format", source.format());
        document.put("dialect", new TreeMap<>(source.dialect()));
        document.put("types_declared", source.sample().declared());
        document.put("records_sampled", source.sample().records());
        List<Map<String, Object>> columns = new ArrayList<>();
        for (FileSample.Inferred inferred : source.columns()) {
            Map<String, Object> column = new LinkedHashMap<>();
            column.put("name", inferred.column().name());
            column.put("field", inferred.field().name());
            column.put("position", inferred.field().position());
            column.put("type", inferred.column().type());
            column.put("json_path", inferred.column().jsonPath());
            column.put("nullable", nullable(inferred));
            column.put("rewritten", inferred.field().name() != null
                    && !inferred.field().name().equals(inferred.column().name()));
            column.put("examples", inferred.field().examples());
            columns.add(column);
        }
        document.put("columns", columns);
        document.put("left_out", source.leftOut());
        return document;
    }

    private static boolean nullable(FileSample.Inferred inferred) {
        return inferred.column().type().startsWith("Nullable(");
    }
}
