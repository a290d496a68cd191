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
import java.time.Duration;

/**
 * An object copied to a temporary file, for stores without ranged reads: the format then reads the copy at any
 * position. The copy is deleted when the input closes.
 *
 * <p>The copy is downloaded through {@link StoreInput}, so a download that breaks off or ends before the listed
 * size fails as any other download does, and the importer tries the file again: a truncated copy would otherwise
 * reach the format as a whole file.
 */
final class LocalCopyInput implements RandomAccessInput {
    private final FileChannel channel;

    private LocalCopyInput(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * @param objectUri the object as users write it, for messages
     * @param fileTimeout how long the copy may take from now ({@code import.file-timeout})
     * @throws StoreReadException when the store fails to deliver the object or delivers less than its listed size
     */
    static LocalCopyInput copy(ObjectStore store, ObjectRef object, String objectUri, Duration fileTimeout)
            throws IOException {
        Path file = Files.createTempFile("pipit-object-", ".tmp");
        try {
            try (InputStream content = StoreInput.open(store, object, objectUri, fileTimeout)) {
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
