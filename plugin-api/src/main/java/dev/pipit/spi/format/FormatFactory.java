package dev.pipit.spi.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * One file format ({@code IMPORT_FORMAT csv}, and {@code EXPORT_FORMAT} for a format that {@link #writes()}).
 * Stateless: the core may call it from several threads.
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

    /**
     * Whether this format must read files at random positions (Parquet reads its footer first). The core then
     * calls {@link #open(RandomAccessInput, FormatOptions)} instead of the stream variant.
     */
    default boolean needsRandomAccess() {
        return false;
    }

    /**
     * Opens a reader over a file it may read at any position. The reader owns {@code input} and closes it.
     *
     * @throws UnsupportedOperationException if {@link #needsRandomAccess()} is {@code false}
     * @throws IOException if the file cannot be read as this format at all (the core marks the file failed)
     */
    default FormatReader open(RandomAccessInput input, FormatOptions options) throws IOException {
        throw new UnsupportedOperationException("format " + name() + " reads streams, not random-access files");
    }

    /**
     * A reader of single records from whole byte arrays, for formats whose one record can stand alone (a JSON
     * object): the core's stream consumers decode message values with it, each from its own bytes. A format
     * without one (the default) reads files only; a stream whose connector names it as its
     * {@link dev.pipit.spi.connector.ConnectorFactory#messageFormat()} fails, saying so.
     */
    default Optional<RecordDecoder> recordDecoder() {
        return Optional.empty();
    }

    /**
     * Whether sinks can write this format ({@code EXPORT_FORMAT parquet}): the core then calls
     * {@link #openWriter}. A format that only reads keeps the default.
     */
    default boolean writes() {
        return false;
    }

    /**
     * Opens a writer of one file onto {@code output}. The writer owns {@code output} and closes it when it closes.
     *
     * @throws UnsupportedOperationException if {@link #writes()} is {@code false}
     */
    default FormatWriter openWriter(OutputStream output, WriteOptions options) throws IOException {
        throw new UnsupportedOperationException("format " + name() + " cannot be written");
    }
}
