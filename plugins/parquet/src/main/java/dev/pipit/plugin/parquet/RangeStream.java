package dev.pipit.plugin.parquet;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.format.RandomAccessInput;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A byte range of the input as a stream, so each column chunk reads its own part of the file at its own pace; or,
 * open-ended, the whole input from a position that can be moved, as Parquet's own streams need.
 */
final class RangeStream extends InputStream {
    private final RandomAccessInput input;
    private final long end;
    private final byte[] single = new byte[1];
    private long position;

    /** @param start the range's first byte; {@code end} is the byte after its last */
    RangeStream(RandomAccessInput input, long start, long end) {
        this.input = requireNonNull(input, "input is null");
        this.position = start;
        this.end = end;
    }

    /** The input from {@code start} to its end. */
    RangeStream(RandomAccessInput input, long start) {
        this(input, start, Long.MAX_VALUE);
    }

    long position() {
        return position;
    }

    void seek(long newPosition) {
        position = newPosition;
    }

    @Override
    public int read() throws IOException {
        return read(single, 0, 1) < 0 ? -1 : single[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position >= end) {
            return -1;
        }
        if (position < 0) {
            throw new EOFException("position " + position + " is before the start of the file");
        }
        int read = input.read(position, buffer, offset, (int) Math.min(length, end - position));
        if (read > 0) {
            position += read;
        }
        return read;
    }

    @Override
    public long skip(long count) {
        long skipped = Math.max(0, Math.min(count, end - position));
        position += skipped;
        return skipped;
    }

    @Override
    public int available() {
        return 0;
    }
}
