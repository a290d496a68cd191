package dev.pipit.spi.connector;

import java.io.IOException;
import java.io.InputStream;

/**
 * A bucket connection, opened when a connection is first used and closed once it is no longer deployed and its
 * last run has ended. Implementations must be thread-safe: one store serves every run of its connection, and a run
 * imports several files at once ({@code import.parallel-files}). The connectors' stores hold only their SDK's
 * thread-safe client; a stream or upload they hand out is used by one thread.
 *
 * <p>Errors: an {@link IOException} fails the operation. Say what kind of failure it is with
 * {@link dev.pipit.spi.error.RetriableException} (the core reads the file again),
 * {@link dev.pipit.spi.error.ConfigurationException} (credentials or settings refused) or
 * {@link dev.pipit.spi.error.ContentException}; the core treats any other failure to deliver a file's bytes as
 * retriable. A message must name the connection and the object, never a credential.
 */
public interface ObjectStore extends AutoCloseable {
    /**
     * Lists one page of objects. May block on the network.
     *
     * @return objects in ascending key order (the order S3 and GCS list in; other stores sort)
     */
    Listing list(ListRequest request) throws IOException;

    /**
     * Opens an object for one sequential read. The caller closes the stream.
     *
     * @throws java.io.FileNotFoundException if the object no longer exists
     */
    InputStream open(ObjectRef object) throws IOException;

    /**
     * Opens a byte range of an object, so a format that reads a file's end first (Parquet) fetches what it needs
     * rather than the whole object. The caller closes the stream. Optional: stores without ranged reads keep the
     * default, and the core copies the object to a temporary file instead.
     *
     * @param offset the first byte, from 0
     * @param length how many bytes at most; fewer come back when the object ends sooner
     * @throws UnsupportedOperationException if this store has no ranged reads
     * @throws java.io.FileNotFoundException if the object no longer exists
     */
    default InputStream openRange(ObjectRef object, long offset, long length) throws IOException {
        throw new UnsupportedOperationException("this store has no ranged reads");
    }

    /**
     * Starts writing an object, for sinks that export to the bucket. The caller writes the bytes, then commits or
     * closes: see {@link ObjectUpload}. Optional: a store that cannot write keeps the default, and a sink pipe
     * that uses its connection fails with the message.
     *
     * @param key the object's key in {@code bucket}, as {@link BucketAddress} splits keys for this store
     * @throws UnsupportedOperationException if this store cannot write
     */
    default ObjectUpload create(String bucket, String key) throws IOException {
        throw new UnsupportedOperationException("this store cannot write objects");
    }

    /** Releases clients and connections. Called once; nothing is called after it. */
    @Override
    void close() throws IOException;
}
