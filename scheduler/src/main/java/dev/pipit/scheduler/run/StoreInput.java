package dev.pipit.scheduler.run;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.load.Causes;
import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.spi.connector.ObjectStore;
import dev.pipit.spi.error.ErrorCategory;
import java.io.FileNotFoundException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;

/**
 * An object's bytes as the store delivers them, kept apart from what a format makes of them. Every failure to
 * read becomes a {@link StoreReadException}, which the importer retries; so does a download that ends before the
 * object's listed size, because some HTTP clients report a connection cut mid-body as a plain end of stream, and
 * a file imported from half its bytes would break the exactly-once promise without a word. A read past the
 * file's deadline fails for good: a store that trickles bytes just fast enough to beat the read timeout would
 * otherwise hold the run forever.
 */
final class StoreInput extends FilterInputStream {
    private final String location;
    private final long listedSize;
    private final Instant deadline;
    private final Duration fileTimeout;
    private long bytesRead;

    private StoreInput(InputStream in, String location, long listedSize, Instant deadline, Duration fileTimeout) {
        super(in);
        this.location = location;
        this.listedSize = listedSize;
        this.deadline = deadline;
        this.fileTimeout = fileTimeout;
    }

    /**
     * @param location the object as users write it, for messages
     * @param fileTimeout how long reading the whole object may take from now
     * @throws FileNotFoundException or {@link NoSuchFileException} as the store threw it: a missing object stays
     *     missing, so it is not worth a retry
     * @throws IOException as the store threw it when it says what kind of failure it is
     *     ({@link ErrorCategory}), else a {@link StoreReadException}
     */
    static InputStream open(ObjectStore store, ObjectRef object, String location, Duration fileTimeout)
            throws IOException {
        requireNonNull(location, "location is null");
        Instant deadline = Instant.now().plus(fileTimeout);
        InputStream raw;
        try {
            raw = store.open(object);
        } catch (FileNotFoundException | NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw ErrorCategory.of(e).isPresent() ? e : new StoreReadException(e.getMessage(), e);
        }
        return new StoreInput(raw, location, object.size(), deadline, fileTimeout);
    }

    @Override
    public int read() throws IOException {
        checkDeadline();
        int value;
        try {
            value = in.read();
        } catch (IOException e) {
            throw broken(e);
        }
        if (value < 0) {
            checkComplete();
        } else {
            bytesRead++;
        }
        return value;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        checkDeadline();
        int count;
        try {
            count = in.read(buffer, offset, length);
        } catch (IOException e) {
            throw broken(e);
        }
        if (count < 0) {
            checkComplete();
        } else {
            bytesRead += count;
        }
        return count;
    }

    @Override
    public long skip(long count) throws IOException {
        checkDeadline();
        try {
            long skipped = in.skip(count);
            bytesRead += skipped;
            return skipped;
        } catch (IOException e) {
            throw broken(e);
        }
    }

    private void checkDeadline() throws IOException {
        if (Instant.now().isAfter(deadline)) {
            throw new IOException("reading " + location + " took longer than import.file-timeout (" + fileTimeout
                    + "); raise it for files this large or this slow to download");
        }
    }

    private void checkComplete() throws StoreReadException {
        if (bytesRead < listedSize) {
            throw new StoreReadException("the download of " + location + " ended after " + bytesRead + " of its "
                    + listedSize + " bytes", null);
        }
    }

    private StoreReadException broken(IOException e) {
        return new StoreReadException("the download of " + location + " broke off after " + bytesRead + " bytes: "
                + Causes.describe(e), e);
    }
}
