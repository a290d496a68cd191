package dev.pipit.spi.format;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What the core knows about a file when it opens a writer.
 *
 * @param target the object's URI, for messages ({@code s3://bkt/exports/part.parquet})
 * @param columns the rows' columns, in order
 * @param compress whether the sink asked for compression ({@code EXPORT_COMPRESSION gz}): a format written by a
 *     plugin compresses inside its files as the format defines (Parquet's pages); the core never compresses
 *     such a file whole
 */
public record WriteOptions(String target, List<WriteColumn> columns, boolean compress) {
    public WriteOptions {
        requireNonNull(target, "target is null");
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
    }
}
