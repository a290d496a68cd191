package dev.pipit.testkit.parquet;

import dev.pipit.spi.format.RandomAccessInput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A local file as the core's random-access input, counting the bytes read so tests can see what was fetched. */
public final class FileInput implements RandomAccessInput {
    private final FileChannel channel;
    private long bytesRead;
    private int largestRead;

    public FileInput(Path file) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
    }

    public long bytesRead() {
        return bytesRead;
    }

    /** The most bytes one read asked for: what a reader holds of the file at once, at least. */
    public int largestRead() {
        return largestRead;
    }

    @Override
    public long length() throws IOException {
        return channel.size();
    }

    @Override
    public int read(long position, byte[] buffer, int offset, int length) throws IOException {
        largestRead = Math.max(largestRead, length);
        int read = channel.read(ByteBuffer.wrap(buffer, offset, length), position);
        if (read > 0) {
            bytesRead += read;
        }
        return read;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
