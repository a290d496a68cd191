package dev.pipit.scheduler.run;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.load.Causes;
import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.spi.connector.ObjectStore;
import dev.pipit.spi.error.ErrorCategory;
import dev.pipit.spi.format.RandomAccessInput;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An object read at any position through its store's ranged reads, so a format that reads a file's end first and
 * then only some of its columns (Parquet) fetches those bytes and not the whole object.
 *
 * <p>The object's last {@link #WINDOW_BYTES} are fetched on open, since footer formats start there with a few
 * small reads. Elsewhere, a tiny read fetches a window from its position, so a format parsing small pieces one
 * after another costs one request per window rather than per piece; any other read fetches exactly its bytes,
 * because a read-ahead past a column chunk would fetch the neighbouring columns the data source does not need.
 * One window is held, so memory stays at its size whatever the object's. Not thread-safe, as the SPI allows.
 */
final class RangedObjectInput implements RandomAccessInput {
    /** Holds a typical Parquet footer; a larger one costs one more request, of its exact size. */
    static final int WINDOW_BYTES = 64 * 1024;

    /** Reads below this size are taken as parsing in small steps, and read ahead. */
    private static final int TINY_READ_BYTES = 4 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(RangedObjectInput.class);

    private final ObjectStore store;
    private final ObjectRef object;
    private final String objectUri;
    private final byte[] window;
    private long windowStart;
    private int windowLength;
    private long bytesFetched;
    private int requests;
    private boolean closed;

    private RangedObjectInput(ObjectStore store, ObjectRef object, String objectUri, int windowBytes) {
        this.store = requireNonNull(store, "store is null");
        this.object = requireNonNull(object, "object is null");
        this.objectUri = requireNonNull(objectUri, "objectUri is null");
        this.window = new byte[(int) Math.min(windowBytes, object.size())];
    }

    /**
     * Opens the object and fetches its last window, where Parquet and other footer formats start reading.
     *
     * @throws UnsupportedOperationException when the store has no ranged reads
     */
    static RangedObjectInput open(ObjectStore store, ObjectRef object, String objectUri, int windowBytes)
            throws IOException {
        RangedObjectInput input = new RangedObjectInput(store, object, objectUri, windowBytes);
        input.fillWindow(Math.max(0, object.size() - input.window.length));
        return input;
    }

    @Override
    public long length() {
        return object.size();
    }

    @Override
    public int read(long position, byte[] buffer, int offset, int length) throws IOException {
        if (position < 0) {
            throw new IllegalArgumentException("position must be >= 0: " + position);
        }
        if (position >= object.size()) {
            return -1;
        }
        int wanted = (int) Math.min(length, object.size() - position);
        if (!inWindow(position)) {
            if (wanted >= Math.min(TINY_READ_BYTES, window.length)) {
                fetch(position, buffer, offset, wanted);
                return wanted;
            }
            fillWindow(position);
        }
        int available = (int) Math.min(wanted, windowStart + windowLength - position);
        System.arraycopy(window, (int) (position - windowStart), buffer, offset, available);
        return available;
    }

    /** Bytes fetched from the store so far. */
    long bytesFetched() {
        return bytesFetched;
    }

    /** Logs what was fetched, so a user can see that a few columns of a large file cost a few columns' bytes. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            LOG.info("{}: fetched {} of {} bytes in {} ranged reads", objectUri, bytesFetched, object.size(), requests);
        }
    }

    private boolean inWindow(long position) {
        return position >= windowStart && position < windowStart + windowLength;
    }

    private void fillWindow(long position) throws IOException {
        int length = (int) Math.min(window.length, object.size() - position);
        windowLength = 0; // a failed fetch leaves no stale window behind
        fetch(position, window, 0, length);
        windowStart = position;
        windowLength = length;
    }

    /**
     * @throws StoreReadException when the store fails to deliver the range, or delivers it short: the importer
     *     reads the file again from the start, as for a broken download (see {@link StoreInput})
     */
    private void fetch(long position, byte[] buffer, int offset, int length) throws IOException {
        try (InputStream range = store.openRange(object, position, length)) {
            int read = range.readNBytes(buffer, offset, length);
            bytesFetched += read;
            requests++;
            if (read < length) {
                throw new EOFException(objectUri + " ended at byte " + (position + read) + " of the " + object.size()
                        + " it was listed with; it changed or the download was cut while it was read");
            }
        } catch (FileNotFoundException | NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw ErrorCategory.of(e).isPresent() ? e : new StoreReadException(Causes.describe(e), e);
        }
    }
}
