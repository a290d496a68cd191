package dev.pipit.spi.connector;

import java.io.IOException;
import java.io.OutputStream;

/**
 * One object being written. Bytes go to {@link #write}; the object appears under its name only when
 * {@link #commit()} returns, whole. {@link #close()} without a commit abandons it: nothing appears, and what the
 * store kept of the bytes (a multipart upload's parts, a temporary file) is removed. So a failed export never
 * leaves half an object under the final name.
 *
 * <p>Not thread-safe: one writer at a time.
 */
public abstract class ObjectUpload extends OutputStream {
    /**
     * Makes the object visible under its name, replacing an object already there. Call once, after the last
     * write; nothing may be written after it.
     */
    public abstract void commit() throws IOException;

    /** Abandons the object unless it was committed; a committed object stays. */
    @Override
    public abstract void close() throws IOException;
}
