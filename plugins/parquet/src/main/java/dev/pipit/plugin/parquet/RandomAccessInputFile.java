package dev.pipit.plugin.parquet;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.format.RandomAccessInput;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * The core's {@link RandomAccessInput} as Parquet's {@link InputFile}, so parquet-hadoop reads through the store's
 * ranged reads and never meets Hadoop's {@code FileSystem}. Parquet opens one stream for the footer and one per
 * row group; all of them read the same input, each from its own position.
 */
final class RandomAccessInputFile implements InputFile {
    private final RandomAccessInput input;
    private final String source;

    /** @param source the object's URI, which parquet's messages name the file by */
    RandomAccessInputFile(RandomAccessInput input, String source) {
        this.input = requireNonNull(input, "input is null");
        this.source = requireNonNull(source, "source is null");
    }

    @Override
    public long getLength() throws IOException {
        return input.length();
    }

    @Override
    public SeekableInputStream newStream() {
        PositionedStream positioned = new PositionedStream(input);
        return new DelegatingSeekableInputStream(positioned) {
            @Override
            public long getPos() {
                return positioned.position;
            }

            @Override
            public void seek(long newPos) {
                positioned.position = newPos;
            }

            @Override
            public void close() {
                // The input outlives every stream Parquet opens on it; the reader closes it once, at the end.
            }
        };
    }

    @Override
    public String toString() {
        return source;
    }

    /** A stream that reads the input from a position it keeps itself. */
    private static final class PositionedStream extends InputStream {
        private final RandomAccessInput input;
        private final byte[] single = new byte[1];
        private long position;

        PositionedStream(RandomAccessInput input) {
            this.input = input;
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
            if (position < 0) {
                throw new EOFException("position " + position + " is before the start of the file");
            }
            int read = input.read(position, buffer, offset, length);
            if (read > 0) {
                position += read;
            }
            return read;
        }
    }
}
