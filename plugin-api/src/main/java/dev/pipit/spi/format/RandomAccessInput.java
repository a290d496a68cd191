package dev.pipit.spi.format;

import java.io.Closeable;
import java.io.IOException;

/**
 * A file read at any position, for formats that read their metadata first (Parquet reads its footer, then the
 * row groups it needs). The core backs it with the store's ranged reads, or with a local copy where the store has
 * none. Called by one thread; not required to be thread-safe.
 */
public interface RandomAccessInput extends Closeable {
    /** The file's size in bytes. */
    long length() throws IOException;

    /**
     * Reads up to {@code length} bytes starting at {@code position} of the file. May block on the network.
     *
     * @return the bytes read, at least 1 unless {@code position} is at or past the end, where it returns -1
     */
    int read(long position, byte[] buffer, int offset, int length) throws IOException;
}
