package dev.pipit.plugin.gcs;

import com.google.cloud.BaseServiceException;
import com.google.cloud.ReadChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.channels.Channels;

/**
 * An object's bytes from a {@link ReadChannel}, with every failure turned into an {@link IOException} that names
 * the connection and the object.
 *
 * <p>The channel sends no request until the first read, so {@link #open} reads one byte ahead: a missing object
 * is then a {@link java.io.FileNotFoundException} from {@code open}, as the SPI promises, not from a later read.
 */
final class GcsReadStream extends InputStream {
    private final ReadChannel channel;
    private final PushbackInputStream in;
    private final GcsErrors errors;
    private final String location;

    private GcsReadStream(ReadChannel channel, GcsErrors errors, String location) {
        this.channel = channel;
        this.in = new PushbackInputStream(Channels.newInputStream(channel), 1);
        this.errors = errors;
        this.location = location;
    }

    static GcsReadStream open(ReadChannel channel, GcsErrors errors, String location) throws IOException {
        GcsReadStream stream = new GcsReadStream(channel, errors, location);
        try {
            int first = stream.read();
            if (first >= 0) {
                stream.in.unread(first);
            }
            return stream;
        } catch (IOException e) {
            stream.close();
            throw e;
        }
    }

    @Override
    public int read() throws IOException {
        try {
            return in.read();
        } catch (BaseServiceException e) {
            throw errors.readFailed(e, location);
        } catch (IOException e) {
            throw errors.readFailed(e, location);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            return in.read(buffer, offset, length);
        } catch (BaseServiceException e) {
            throw errors.readFailed(e, location);
        } catch (IOException e) {
            throw errors.readFailed(e, location);
        }
    }

    @Override
    public void close() {
        channel.close();
    }
}
