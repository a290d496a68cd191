package dev.pipit.plugin.s3;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.connector.ListRequest;
import dev.pipit.spi.connector.Listing;
import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.spi.connector.ObjectStore;
import dev.pipit.spi.connector.ObjectUpload;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A bucket through the S3 API: ListObjectsV2 for listings, streaming GETs for reads, ranged GETs for formats that
 * read a file's end first; DeleteObject and copies on the server ({@link S3Copies}) for what {@code IMPORT_AFTER_IMPORT} does once a file is
 * imported.
 */
final class S3ObjectStore implements ObjectStore {
    /** S3 answers a range that starts at or past the object's end with 416. */
    private static final int RANGE_NOT_SATISFIABLE = 416;

    /** Parts of one store's uploads going up at once, beside the writers' threads. */
    private static final int PART_UPLOAD_THREADS = 4;

    private final S3Clients.Connection connection;
    private final S3Errors errors;
    private final String scheme;
    private ExecutorService partUploads;

    private S3ObjectStore(S3Clients.Connection connection, S3Errors errors, String scheme) {
        this.connection = requireNonNull(connection, "connection is null");
        this.errors = requireNonNull(errors, "errors is null");
        this.scheme = requireNonNull(scheme, "scheme is null");
    }

    static S3ObjectStore open(String connectionName, S3Settings settings, S3ApiNaming naming) {
        return new S3ObjectStore(S3Clients.connect(connectionName, settings), new S3Errors(connectionName, naming),
                naming.scheme());
    }

    @Override
    public Listing list(ListRequest request) throws IOException {
        ListObjectsV2Request.Builder listRequest = ListObjectsV2Request.builder()
                .bucket(request.bucket())
                .prefix(request.prefix())
                .maxKeys(request.maxKeys());
        if (request.continuation() != null) {
            listRequest.continuationToken(request.continuation());
        } else if (request.startAfter() != null) {
            // Only on the first page: the continuation token already carries the position after it.
            listRequest.startAfter(request.startAfter());
        }
        ListObjectsV2Response response;
        try {
            response = connection.s3().listObjectsV2(listRequest.build());
        } catch (SdkException e) {
            throw errors.listingFailed(e, request.bucket(), scheme + "://" + request.bucket() + "/" + request.prefix());
        }
        List<ObjectRef> objects = new ArrayList<>(response.contents().size());
        for (S3Object object : response.contents()) {
            objects.add(new ObjectRef(request.bucket(), object.key(), object.size(), object.lastModified(),
                    unquoted(object.eTag())));
        }
        boolean more = Boolean.TRUE.equals(response.isTruncated()) && response.nextContinuationToken() != null;
        return new Listing(objects, more ? response.nextContinuationToken() : null);
    }

    @Override
    public InputStream open(ObjectRef object) throws IOException {
        return get(object, GetObjectRequest.builder().bucket(object.bucket()).key(object.key()).build());
    }

    @Override
    public InputStream openRange(ObjectRef object, long offset, long length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must be >= 0");
        }
        if (length == 0) {
            // "bytes=N-(N-1)" is no valid range; nothing to fetch.
            return InputStream.nullInputStream();
        }
        long last = offset + length - 1 < 0 ? Long.MAX_VALUE : offset + length - 1;
        GetObjectRequest request = GetObjectRequest.builder()
                .bucket(object.bucket())
                .key(object.key())
                .range("bytes=" + offset + "-" + last)
                .build();
        try {
            return get(object, request);
        } catch (IOException e) {
            if (e.getCause() instanceof AwsServiceException service && service.statusCode() == RANGE_NOT_SATISFIABLE) {
                // The object ends before the range starts: the SPI's "fewer bytes" is here none.
                return InputStream.nullInputStream();
            }
            throw e;
        }
    }

    private InputStream get(ObjectRef object, GetObjectRequest request) throws IOException {
        try {
            // The response stream holds the HTTP connection until the caller closes it.
            return connection.s3().getObject(request);
        } catch (SdkException e) {
            throw errors.translate(e, scheme + "://" + object.bucket() + "/" + object.key());
        }
    }

    @Override
    public ObjectUpload create(String bucket, String key) {
        if (partUploads == null) {
            AtomicInteger threads = new AtomicInteger();
            partUploads = Executors.newFixedThreadPool(PART_UPLOAD_THREADS, task -> {
                Thread thread = new Thread(task, "s3-part-upload-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }
        return new S3Upload(connection.s3(), errors, partUploads, bucket, key, scheme + "://" + bucket + "/" + key);
    }

    /** S3 answers a delete of a missing key with success, as the SPI wants. */
    @Override
    public void delete(ObjectRef object) throws IOException {
        try {
            connection.s3().deleteObject(DeleteObjectRequest.builder().bucket(object.bucket()).key(object.key()).build());
        } catch (SdkException e) {
            throw errors.translate(e, scheme + "://" + object.bucket() + "/" + object.key());
        }
    }

    @Override
    public void copy(ObjectRef source, String targetKey) throws IOException {
        new S3Copies(connection.s3(), errors, S3Copies.SINGLE_COPY_LIMIT, S3Copies.PART_BYTES)
                .copy(source, targetKey, scheme + "://" + source.bucket() + "/" + source.key());
    }

    /** Called after the store's uploads were committed or closed, so no part is going up any more. */
    @Override
    public void close() {
        if (partUploads != null) {
            partUploads.shutdownNow();
        }
        connection.close();
    }

    /** S3 sends ETags in double quotes; the ledger keeps the bare value, as consoles show it. */
    static String unquoted(String etag) {
        if (etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")) {
            return etag.substring(1, etag.length() - 1);
        }
        return etag;
    }
}
