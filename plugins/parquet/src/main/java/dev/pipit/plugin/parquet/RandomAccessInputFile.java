package dev.pipit.plugin.parquet;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.format.RandomAccessInput;
import java.io.IOException;
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
        RangeStream positioned = new RangeStream(input, 0);
        return new DelegatingSeekableInputStream(positioned) {
            @Override
            public long getPos() {
                return positioned.position();
            }

            @Override
            public void seek(long newPos) {
                positioned.seek(newPos);
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
}
