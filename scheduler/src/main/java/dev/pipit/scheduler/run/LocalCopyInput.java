package dev.pipit.scheduler.run;

import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.spi.connector.ObjectStore;
import dev.pipit.spi.format.RandomAccessInput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * An object copied to a temporary file, for stores without ranged reads: the format then reads the copy at any
 * position. The copy is deleted when the input closes.
 */
final class LocalCopyInput implements RandomAccessInput {
    private final FileChannel channel;

    private LocalCopyInput(FileChannel channel) {
        this.channel = channel;
    }

    static LocalCopyInput copy(ObjectStore store, ObjectRef object) throws IOException {
        Path file = Files.createTempFile("pipit-object-", ".tmp");
        try {
            try (InputStream content = store.open(object)) {
                Files.copy(content, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return new LocalCopyInput(FileChannel.open(file, StandardOpenOption.READ,
                    StandardOpenOption.DELETE_ON_CLOSE));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    @Override
    public long length() throws IOException {
        return channel.size();
    }

    @Override
    public int read(long position, byte[] buffer, int offset, int length) throws IOException {
        return channel.read(ByteBuffer.wrap(buffer, offset, length), position);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
