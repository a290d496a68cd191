package dev.pipit.scheduler.pipe;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Counts the bytes that reach an upload, and keeps the format's {@code close()} from reaching it: closing an
 * upload abandons it, and only the exporter decides between commit and abandon.
 */
final class CountingOutput extends FilterOutputStream {
    private long count;

    CountingOutput(OutputStream upload) {
        super(upload);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        count++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        count += length;
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }

    long count() {
        return count;
    }
}
