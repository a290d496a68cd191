package dev.pipit.scheduler.cli.datasource;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.run.FileSample;
import java.util.List;
import java.util.Map;

/**
 * What sampling a file or a topic found, and the columns an import would make of it.
 *
 * @param location the object's URI, or {@code kafka://CONNECTION/TOPIC}
 * @param note how the object was chosen ({@code newest of 3 matching ...}), or empty
 * @param format the format that read it ({@code csv}, {@code ndjson}, {@code parquet})
 * @param dialect how it is written: the format's own ({@code delimiter}, {@code header}) and {@code compression}
 * @param sample the sampled fields
 * @param columns the columns inference makes of them, in order
 * @param leftOut fields no column can read (no json path can name them)
 */
record SampledSource(String location, String note, String format, Map<String, String> dialect, FileSample sample,
        List<FileSample.Inferred> columns, List<String> leftOut) {
    SampledSource {
        requireNonNull(location, "location is null");
        requireNonNull(note, "note is null");
        requireNonNull(format, "format is null");
        dialect = Map.copyOf(dialect);
        requireNonNull(sample, "sample is null");
        columns = List.copyOf(columns);
        leftOut = List.copyOf(leftOut);
    }

    /** Columns whose name is not the field's, because SQL could not hold it. */
    List<FileSample.Inferred> rewritten() {
        return columns.stream()
                .filter(column -> column.field().name() != null
                        && !column.field().name().equals(column.column().name()))
                .toList();
    }
}
