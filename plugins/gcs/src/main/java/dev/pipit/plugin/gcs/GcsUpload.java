package dev.pipit.plugin.gcs;

import com.google.cloud.BaseServiceException;
import com.google.cloud.WriteChannel;
import dev.pipit.spi.connector.ObjectUpload;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * An object written through a GCS resumable upload: the client sends the bytes in chunks of {@link #CHUNK_SIZE} as
 * they fill, so memory holds one chunk whatever the object's size, and GCS makes the object only when the last
 * chunk finalizes the upload on {@link #commit()}. Closing without a commit never finalizes it: the session's
 * chunks are no object, and GCS discards an unfinished session after a week (the client has no call to end one
 * sooner).
 */
final class GcsUpload extends ObjectUpload {
    /** A multiple of the 256 KiB GCS wants, and the size of an S3 upload's part. */
    static final int CHUNK_SIZE = 8 * 1024 * 1024;

    private final WriteChannel channel;
    private final GcsErrors errors;
    private final String location;
    private boolean finished;

    GcsUpload(WriteChannel channel, GcsErrors errors, String location) {
        this.channel = channel;
        this.errors = errors;
        this.location = location;
        channel.setChunkSize(CHUNK_SIZE);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (BaseServiceException e) {
            throw errors.writeFailed(e, location);
        } catch (IOException e) {
            throw errors.writeFailed(e, location);
        }
    }

    @Override
    public void commit() throws IOException {
        try {
            // Closing the channel sends the last chunk and finalizes the upload: the object appears, whole.
            channel.close();
            finished = true;
        } catch (BaseServiceException e) {
            throw errors.writeFailed(e, location);
        } catch (IOException e) {
            throw errors.writeFailed(e, location);
        }
    }

    @Override
    public void close() {
        // Deliberately not channel.close(): that would finalize the upload and publish half an object.
        finished = true;
    }
}
