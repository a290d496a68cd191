package dev.pipit.plugin.gcs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.google.api.gax.paging.Page;
import com.google.cloud.BaseServiceException;
import com.google.cloud.ReadChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobField;
import com.google.cloud.storage.Storage.BlobListOption;
import dev.pipit.spi.connector.ListRequest;
import dev.pipit.spi.connector.Listing;
import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.spi.connector.ObjectStore;
import dev.pipit.spi.connector.ObjectUpload;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A bucket through the GCS JSON API: object listings page by page, and reads of the listed generation through the
 * client's {@link ReadChannel}, which resumes a broken download where it stopped.
 *
 * <p>The ledger's ETag of a GCS object is its generation. Reads ask for that generation, so a file is imported as
 * it was listed, and the ranged reads of one Parquet file never mix two versions of it.
 */
final class GcsObjectStore implements ObjectStore {
    private final Storage storage;
    private final GcsErrors errors;
    private final GcsWriter writer;

    private GcsObjectStore(Storage storage, GcsErrors errors, GcsWriter writer) {
        this.storage = requireNonNull(storage, "storage is null");
        this.errors = requireNonNull(errors, "errors is null");
        this.writer = requireNonNull(writer, "writer is null");
    }

    static GcsObjectStore open(String connectionName, GcsSettings settings) {
        GcsErrors errors = new GcsErrors(connectionName);
        return new GcsObjectStore(GcsClients.connect(connectionName, settings), errors,
                new GcsWriter(connectionName, settings, errors));
    }

    @Override
    public Listing list(ListRequest request) throws IOException {
        List<BlobListOption> options = new ArrayList<>(List.of(
                BlobListOption.prefix(request.prefix()),
                BlobListOption.pageSize(request.maxKeys()),
                BlobListOption.fields(BlobField.NAME, BlobField.SIZE, BlobField.GENERATION, BlobField.TIME_CREATED,
                        BlobField.UPDATED)));
        if (request.continuation() != null) {
            options.add(BlobListOption.pageToken(request.continuation()));
        }
        if (request.startAfter() != null) {
            // On every page: a page token belongs to the query that returned it.
            options.add(BlobListOption.startOffset(request.startAfter()));
        }
        Page<Blob> page;
        try {
            page = storage.list(request.bucket(), options.toArray(BlobListOption[]::new));
        } catch (BaseServiceException e) {
            throw errors.listingFailed(e, request.bucket(), "gs://" + request.bucket() + "/" + request.prefix());
        }
        List<ObjectRef> objects = new ArrayList<>();
        for (Blob blob : page.getValues()) {
            // startOffset includes the key itself, and not every server applies it: the SPI wants keys after it.
            if (request.startAfter() == null || sortsAfter(blob.getName(), request.startAfter())) {
                objects.add(new ObjectRef(request.bucket(), blob.getName(), blob.getSize() == null ? 0 : blob.getSize(),
                        written(blob), blob.getGeneration() == null ? null : blob.getGeneration().toString()));
            }
        }
        String next = page.getNextPageToken();
        return new Listing(objects, next == null || next.isEmpty() ? null : next);
    }

    @Override
    public InputStream open(ObjectRef object) throws IOException {
        return GcsReadStream.open(storage.reader(blobId(object)), errors, location(object));
    }

    @Override
    public void delete(ObjectRef object) throws IOException {
        GcsAfterImport.delete(storage, errors, blobId(object));
    }

    @Override
    public void copy(ObjectRef source, String targetKey) throws IOException {
        GcsAfterImport.copy(storage, errors, blobId(source), targetKey);
    }

    @Override
    public InputStream openRange(ObjectRef object, long offset, long length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must be >= 0");
        }
        if (length == 0 || offset >= object.size()) {
            // Nothing to fetch: the listed generation, which the read asks for, ends before the range starts.
            return InputStream.nullInputStream();
        }
        ReadChannel reader = storage.reader(blobId(object));
        try {
            reader.seek(offset);
            reader.limit(offset + length < 0 ? Long.MAX_VALUE : offset + length);
        } catch (IOException e) {
            reader.close();
            throw errors.readFailed(e, location(object));
        }
        return GcsReadStream.open(reader, errors, location(object));
    }

    @Override
    public ObjectUpload create(String bucket, String key) throws IOException {
        return writer.create(bucket, key);
    }

    @Override
    public void close() throws IOException {
        writer.close();
        try {
            storage.close();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot close the GCS client: " + e.getMessage(), e);
        }
    }

    /** The generation in the ledger's ETag, when the object was listed by this store. */
    private static BlobId blobId(ObjectRef object) {
        Long generation = null;
        if (object.etag() != null && object.etag().chars().allMatch(Character::isDigit)) {
            generation = Long.valueOf(object.etag());
        }
        return BlobId.of(object.bucket(), object.key(), generation);
    }

    /**
     * When this generation was written, as S3's LastModified is: GCS's {@code updated} also moves when only the
     * metadata changes, which would make an old file look new to {@code IMPORT_FROM_TIMESTAMP}.
     */
    private static Instant written(Blob blob) {
        OffsetDateTime created = blob.getCreateTimeOffsetDateTime();
        OffsetDateTime written = created != null ? created : blob.getUpdateTimeOffsetDateTime();
        return written == null ? Instant.EPOCH : written.toInstant();
    }

    /** GCS orders keys by their UTF-8 bytes, which String's UTF-16 order differs from above U+FFFF. */
    private static boolean sortsAfter(String key, String startAfter) {
        return Arrays.compareUnsigned(key.getBytes(UTF_8), startAfter.getBytes(UTF_8)) > 0;
    }

    private static String location(ObjectRef object) {
        return "gs://" + object.bucket() + "/" + object.key();
    }
}
