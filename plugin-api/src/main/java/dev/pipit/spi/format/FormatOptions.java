package dev.pipit.spi.format;

import static java.util.Objects.requireNonNull;

/**
 * What the core knows about a file when it opens a reader.
 *
 * @param source the object's URI, for messages ({@code s3://bkt/orders/2024-05-01.csv})
 * @param extension the key's ending without {@code .gz}, lower case ({@code tsv}), or empty when it has none; a
 *     hint such as "tab-separated", not a promise
 */
public record FormatOptions(String source, String extension) {
    public FormatOptions {
        requireNonNull(source, "source is null");
        requireNonNull(extension, "extension is null");
    }
}
