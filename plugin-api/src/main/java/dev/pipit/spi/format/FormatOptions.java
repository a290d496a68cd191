package dev.pipit.spi.format;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What the core knows about a file when it opens a reader.
 *
 * @param source the object's URI, for messages ({@code s3://bkt/orders/2024-05-01.csv})
 * @param extension the key's ending without {@code .gz}, lower case ({@code tsv}), or empty when it has none; a
 *     hint such as "tab-separated", not a promise
 * @param columnNames the data source's column names in schema order, or empty when the core does not pass them;
 *     a hint for formats that must guess whether a file names its fields (a CSV whose first row repeats them
 *     has a header even when every column is text).
 * @param neededFields the top-level fields the data source reads, or empty when it needs every field (while its
 *     schema is inferred). Formats that store each column apart (Parquet) read only these, so a data source of
 *     three columns fetches three columns of a wide file.
 * @param maxValueBytes how many bytes one unit of a file may expand to in memory: a decompressed page, one
 *     field's value with everything nested in it (the core's {@code import.max-value-size}). A format that would
 *     need more fails the file with a {@link dev.pipit.spi.error.ContentException} naming the limit, so no file
 *     can exhaust the heap.
 */
public record FormatOptions(String source, String extension, List<String> columnNames, List<String> neededFields,
        long maxValueBytes) {
    /** The default of {@code import.max-value-size}: far below a small daemon's heap, far above real values. */
    public static final long DEFAULT_MAX_VALUE_BYTES = 16L << 20;

    public FormatOptions {
        requireNonNull(source, "source is null");
        requireNonNull(extension, "extension is null");
        columnNames = List.copyOf(requireNonNull(columnNames, "columnNames is null"));
        neededFields = List.copyOf(requireNonNull(neededFields, "neededFields is null"));
        if (maxValueBytes < 1) {
            throw new IllegalArgumentException("maxValueBytes must be >= 1: " + maxValueBytes);
        }
    }

    /** Options with the default value size limit. */
    public FormatOptions(String source, String extension, List<String> columnNames, List<String> neededFields) {
        this(source, extension, columnNames, neededFields, DEFAULT_MAX_VALUE_BYTES);
    }
}
