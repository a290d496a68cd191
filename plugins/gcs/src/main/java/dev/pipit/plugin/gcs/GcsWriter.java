package dev.pipit.plugin.gcs;

import static java.util.Objects.requireNonNull;

import com.google.cloud.BaseServiceException;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import dev.pipit.spi.connector.ObjectUpload;
import java.io.IOException;

/**
 * Starts the uploads of a store, through a client of its own whose token may write: the store's reads keep their
 * read-only token, and a connection that only imports never asks Google for more.
 */
final class GcsWriter implements AutoCloseable {
    private final String connectionName;
    private final GcsSettings settings;
    private final GcsErrors errors;
    private Storage storage;

    GcsWriter(String connectionName, GcsSettings settings, GcsErrors errors) {
        this.connectionName = requireNonNull(connectionName, "connectionName is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.errors = requireNonNull(errors, "errors is null");
    }

    ObjectUpload create(String bucket, String key) throws IOException {
        if (storage == null) {
            storage = GcsClients.connectForWrites(connectionName, settings);
        }
        String location = "gs://" + bucket + "/" + key;
        try {
            return new GcsUpload(storage.writer(BlobInfo.newBuilder(BlobId.of(bucket, key)).build()), errors,
                    location);
        } catch (BaseServiceException e) {
            throw errors.writeFailed(e, location);
        }
    }

    @Override
    public void close() throws IOException {
        if (storage == null) {
            return;
        }
        try {
            storage.close();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot close the GCS client: " + e.getMessage(), e);
        }
    }
}
