package dev.pipit.spi.format;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * One file format ({@code IMPORT_FORMAT csv}). Stateless: the core may call it from several threads.
 */
public interface FormatFactory {
    /** The {@code IMPORT_FORMAT} value, lower case. */
    String name();

    /** The plugin's version, shown at start-up; never {@code null} or empty. */
    String version();

    /**
     * Key endings this format claims, lower case and without the dot ({@code csv}, {@code tsv}). The core strips
     * a trailing {@code .gz} and decompresses before matching, so no format lists compressed endings.
     */
    List<String> extensions();

    /**
     * Opens a reader over one file. The reader owns {@code input} and closes it.
     *
     * @throws IOException if the file cannot be read as this format at all (the core marks the file failed)
     */
    FormatReader open(InputStream input, FormatOptions options) throws IOException;
}
