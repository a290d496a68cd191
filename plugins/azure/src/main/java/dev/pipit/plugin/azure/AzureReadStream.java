package dev.pipit.plugin.azure;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A blob's bytes from the SDK's blob input stream, with every failure turned into an {@link IOException} that
 * names the connection and the object. The stream fetches one block per GET, each asking for the listed ETag.
 */
final class AzureReadStream extends FilterInputStream {
    private final AzureErrors errors;
    private final String location;

    AzureReadStream(InputStream in, AzureErrors errors, String location) {
        super(in);
        this.errors = errors;
        this.location = location;
    }

    @Override
    public int read() throws IOException {
        try {
            return in.read();
        } catch (RuntimeException e) {
            throw errors.readFailed(e, location);
        } catch (IOException e) {
            throw errors.readFailed(e, location);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            return in.read(buffer, offset, length);
        } catch (RuntimeException e) {
            throw errors.readFailed(e, location);
        } catch (IOException e) {
            throw errors.readFailed(e, location);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return in.skip(n);
        } catch (RuntimeException e) {
            throw errors.readFailed(e, location);
        } catch (IOException e) {
            throw errors.readFailed(e, location);
        }
    }
}
