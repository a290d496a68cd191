package dev.pipit.plugin.azure;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.azure.storage.blob.specialized.BlockBlobClient;
import dev.pipit.spi.connector.ObjectUpload;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * A block blob written as staged blocks of {@link #BLOCK_SIZE} bytes, sent as they fill, so memory holds one block
 * whatever the blob's size. Staged blocks are no blob: the blob appears (or its new version replaces the old one)
 * only when {@link #commit()} commits the block list. Closing without a commit leaves the blocks uncommitted,
 * where no reader sees them, and Azure discards them after a week (there is no call to drop them sooner).
 */
final class AzureUpload extends ObjectUpload {
    /** 50,000 committed blocks of 8 MiB make blobs of up to 390 GiB. */
    static final int BLOCK_SIZE = 8 * 1024 * 1024;

    private final BlockBlobClient blob;
    private final AzureErrors errors;
    private final String location;
    /** Block ids are this upload's own, so a concurrent upload of the same name cannot mix its blocks in. */
    private final String upload = UUID.randomUUID().toString();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final List<String> blocks = new ArrayList<>();
    private boolean finished;

    AzureUpload(BlockBlobClient blob, AzureErrors errors, String location) {
        this.blob = blob;
        this.errors = errors;
        this.location = location;
    }

    @Override
    public void write(int b) throws IOException {
        buffer.write(b);
        stageFullBlock();
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        int written = 0;
        while (written < length) {
            int chunk = Math.min(length - written, BLOCK_SIZE - buffer.size());
            buffer.write(bytes, offset + written, chunk);
            written += chunk;
            stageFullBlock();
        }
    }

    private void stageFullBlock() throws IOException {
        if (buffer.size() >= BLOCK_SIZE) {
            stageBlock();
        }
    }

    private void stageBlock() throws IOException {
        // Every id of a blob must have the same length: a UUID and a six-digit number always do.
        String id = Base64.getEncoder().encodeToString(
                String.format("%s-%06d", upload, blocks.size()).getBytes(UTF_8));
        byte[] bytes = buffer.toByteArray();
        try {
            blob.stageBlock(id, new ByteArrayInputStream(bytes), bytes.length);
        } catch (RuntimeException e) {
            throw errors.writeFailed(e, location);
        }
        blocks.add(id);
        buffer.reset();
    }

    @Override
    public void commit() throws IOException {
        if (buffer.size() > 0) {
            stageBlock();
        }
        try {
            blob.commitBlockList(blocks, true);
        } catch (RuntimeException e) {
            throw errors.writeFailed(e, location);
        }
        finished = true;
    }

    @Override
    public void close() {
        if (!finished) {
            finished = true;
            buffer.reset();
        }
    }
}
