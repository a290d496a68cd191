package dev.pipit.plugin.local;

import dev.pipit.spi.connector.ObjectUpload;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * A file written under a hidden {@code .tmp} name next to its final one, which listings skip, and renamed into
 * place on commit: a reader sees the whole file or none.
 */
final class LocalUpload extends ObjectUpload {
    private final Path target;
    private final Path temporary;
    private final OutputStream out;
    private boolean finished;

    LocalUpload(Path target) throws IOException {
        this.target = target;
        Files.createDirectories(target.getParent());
        this.temporary = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        this.out = Files.newOutputStream(temporary);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
    }

    @Override
    public void commit() throws IOException {
        out.close();
        // Flushed to disk first, so that a crash after the rename cannot leave an empty file under the final name.
        try (var channel = java.nio.channels.FileChannel.open(temporary, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
        finished = true;
    }

    @Override
    public void close() throws IOException {
        if (!finished) {
            finished = true;
            out.close();
            Files.deleteIfExists(temporary);
        }
    }
}
