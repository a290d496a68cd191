package dev.pipit.spi.format;

import java.io.IOException;

/**
 * Writes one file of a format, row by row, onto the stream the core gave {@link FormatFactory#openWriter}. Memory
 * must stay bounded whatever the number of rows: a format that buffers (Parquet's row groups) flushes by size.
 * Not thread-safe: the core calls it from one thread.
 */
public interface FormatWriter extends AutoCloseable {
    /**
     * Writes one row.
     *
     * @param row one value per column of {@link WriteOptions#columns()}, in that order, each {@code null} or of the
     *     Java type its {@link WriteColumn.Type} names
     */
    void write(Object[] row) throws IOException;

    /**
     * Ends the file (a footer, say) and closes the stream. Called once after the last row; only a file whose
     * writer closed without an exception is complete.
     */
    @Override
    void close() throws IOException;
}
