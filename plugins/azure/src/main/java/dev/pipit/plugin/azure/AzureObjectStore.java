package dev.pipit.plugin.azure;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.azure.core.http.rest.PagedResponse;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobItemProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import dev.pipit.spi.connector.ListRequest;
import dev.pipit.spi.connector.Listing;
import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.spi.connector.ObjectStore;
import dev.pipit.spi.connector.ObjectUpload;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * The containers of a storage account through the Blob service: listings page by page, and reads of the listed
 * version, in blocks, through the SDK's blob input stream.
 *
 * <p>The ledger's ETag of a blob is Azure's ETag. Reads ask for it ({@code If-Match}), so a file is imported as
 * it was listed, and the ranged reads of one Parquet file never mix two versions of it.
 */
final class AzureObjectStore implements ObjectStore {
    /** Bytes per GET of a sequential read: large enough for throughput, small enough to hold per open file. */
    private static final int BLOCK_SIZE = 4 << 20;

    /** Azure's page limit; a larger {@code maxResults} is answered with 5,000 anyway. */
    private static final int MAX_PAGE = 5_000;

    private final BlobServiceClient service;
    private final AzureErrors errors;
    /** The connection's SAS, or {@code null}: what a copy's source must carry when the connection uses one. */
    private final String sasToken;

    private AzureObjectStore(BlobServiceClient service, AzureErrors errors, String sasToken) {
        this.service = requireNonNull(service, "service is null");
        this.errors = requireNonNull(errors, "errors is null");
        this.sasToken = sasToken;
    }

    static AzureObjectStore open(String connectionName, AzureSettings settings) {
        return new AzureObjectStore(AzureClients.connect(settings),
                new AzureErrors(connectionName, settings.credentialSetting()), settings.sasToken());
    }

    @Override
    public Listing list(ListRequest request) throws IOException {
        String location = AzureAddresses.location(request.bucket(), request.prefix());
        AzureAddresses.Blob prefix = AzureAddresses.blob(request.bucket(), request.prefix());
        String startAfter = request.startAfter() == null ? null
                : AzureAddresses.blob(request.bucket(), request.startAfter()).name();
        ListBlobsOptions options = new ListBlobsOptions()
                .setPrefix(prefix.name().isEmpty() ? null : prefix.name())
                .setMaxResultsPerPage(Math.min(request.maxKeys(), MAX_PAGE));
        if (startAfter != null) {
            // On every page, as the marker only says where the previous page ended.
            options.setStartFrom(startAfter);
        }
        BlobContainerClient container = container(prefix, location);
        PagedResponse<BlobItem> page;
        try {
            Iterator<PagedResponse<BlobItem>> pages = container.listBlobs(options, null)
                    .iterableByPage(request.continuation(), Math.min(request.maxKeys(), MAX_PAGE))
                    .iterator();
            if (!pages.hasNext()) {
                return new Listing(List.of(), null);
            }
            page = pages.next();
        } catch (RuntimeException e) {
            throw errors.listingFailed(e, container.getBlobContainerName(), location);
        }
        List<ObjectRef> objects = new ArrayList<>();
        for (BlobItem blob : page.getValue()) {
            // startFrom includes the name itself, and Azurite ignores it: the SPI wants names after it.
            boolean after = startAfter == null || sortsAfter(blob.getName(), startAfter);
            if (after && !Boolean.TRUE.equals(blob.isPrefix())) {
                BlobItemProperties properties = blob.getProperties();
                objects.add(new ObjectRef(request.bucket(),
                        AzureAddresses.key(request.bucket(), prefix.container(), blob.getName()),
                        properties.getContentLength() == null ? 0 : properties.getContentLength(),
                        written(properties), unquoted(properties.getETag())));
            }
        }
        String next = page.getContinuationToken();
        return new Listing(objects, next == null || next.isEmpty() ? null : next);
    }

    @Override
    public InputStream open(ObjectRef object) throws IOException {
        return read(object, new BlobRange(0));
    }

    @Override
    public void delete(ObjectRef object) throws IOException {
        String location = AzureAddresses.location(object.bucket(), object.key());
        AzureAfterImport.delete(blobClient(object.bucket(), object.key(), location), errors, location);
    }

    @Override
    public void copy(ObjectRef source, String targetKey) throws IOException {
        String location = AzureAddresses.location(source.bucket(), source.key());
        AzureAfterImport.copy(blobClient(source.bucket(), source.key(), location),
                blobClient(source.bucket(), targetKey, AzureAddresses.location(source.bucket(), targetKey)), sasToken,
                errors, location);
    }

    private BlobClient blobClient(String bucket, String key, String location) throws IOException {
        AzureAddresses.Blob address = AzureAddresses.blob(bucket, key);
        return container(address, location).getBlobClient(address.name());
    }

    @Override
    public InputStream openRange(ObjectRef object, long offset, long length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must be >= 0");
        }
        if (length == 0 || offset >= object.size()) {
            // Nothing to fetch: the listed version, which the read asks for, ends before the range starts.
            return InputStream.nullInputStream();
        }
        return read(object, new BlobRange(offset, Math.min(length, object.size() - offset)));
    }

    private InputStream read(ObjectRef object, BlobRange range) throws IOException {
        String location = AzureAddresses.location(object.bucket(), object.key());
        BlobInputStreamOptions options = new BlobInputStreamOptions()
                .setRange(range)
                .setBlockSize(BLOCK_SIZE);
        if (object.etag() != null) {
            options.setRequestConditions(new BlobRequestConditions().setIfMatch(quoted(object.etag())));
        }
        AzureAddresses.Blob address = AzureAddresses.blob(object.bucket(), object.key());
        BlobClient blob = container(address, location).getBlobClient(address.name());
        try {
            return new AzureReadStream(blob.openInputStream(options), errors, location);
        } catch (RuntimeException e) {
            if (AzureErrors.isVersionMismatch(e)) {
                // Azure answers 412 both for another version and, as Azurite does, for no blob at all.
                throw errors.versionGone((BlobStorageException) e, location, exists(blob));
            }
            throw errors.readFailed(e, location);
        }
    }

    @Override
    public ObjectUpload create(String bucket, String key) throws IOException {
        String location = AzureAddresses.location(bucket, key);
        AzureAddresses.Blob address = AzureAddresses.blob(bucket, key);
        return new AzureUpload(container(address, location).getBlobClient(address.name()).getBlockBlobClient(),
                errors, location);
    }

    /** The blob's container, once the account its URI names, if any, is the connection's. */
    private BlobContainerClient container(AzureAddresses.Blob blob, String location) throws IOException {
        if (blob.account() != null && !blob.account().equalsIgnoreCase(service.getAccountName())) {
            throw errors.otherAccount(location, blob.account(), service.getAccountName());
        }
        return service.getBlobContainerClient(blob.container());
    }

    private static boolean exists(BlobClient blob) {
        try {
            return blob.exists();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The SDK client holds no connection of its own: the JDK's HTTP client closes idle ones by itself. */
    @Override
    public void close() {
    }

    /**
     * When the blob was last written. Azure also moves it when only the metadata changes, but its creation time
     * stays when a blob is overwritten, which would make a new version look old to {@code IMPORT_FROM_TIMESTAMP}.
     */
    private static Instant written(BlobItemProperties properties) {
        return properties.getLastModified() == null ? Instant.EPOCH : properties.getLastModified().toInstant();
    }

    /** Azure orders names by their UTF-8 bytes, which String's UTF-16 order differs from above U+FFFF. */
    private static boolean sortsAfter(String name, String startAfter) {
        return Arrays.compareUnsigned(name.getBytes(UTF_8), startAfter.getBytes(UTF_8)) > 0;
    }

    /** Azure sends ETags in double quotes; the ledger keeps the bare value, as the portal shows it. */
    private static String unquoted(String etag) {
        if (etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")) {
            return etag.substring(1, etag.length() - 1);
        }
        return etag;
    }

    private static String quoted(String etag) {
        return etag.startsWith("\"") ? etag : "\"" + etag + "\"";
    }
}
