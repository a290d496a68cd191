package dev.pipit.plugin.gcs;

import com.google.cloud.BaseServiceException;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.CopyRequest;
import java.io.IOException;

/**
 * What {@code IMPORT_AFTER_IMPORT} asks of a GCS object through the JSON API: a delete, and a copy by the server's
 * rewrite, which {@link com.google.cloud.storage.CopyWriter} repeats until a large object is copied whole.
 *
 * <p>Both name the generation that was imported, when the ledger knows it: a newer version written over the key
 * since is neither deleted nor moved. A delete of a generation no longer there is a delete already done.
 */
final class GcsAfterImport {
    private GcsAfterImport() {}

    static void delete(Storage storage, GcsErrors errors, BlobId object) throws IOException {
        try {
            // false when the generation is gone already: the SPI's "no error".
            storage.delete(object);
        } catch (BaseServiceException e) {
            throw errors.readFailed(e, location(object));
        }
    }

    static void copy(Storage storage, GcsErrors errors, BlobId source, String targetKey) throws IOException {
        CopyRequest request = CopyRequest.newBuilder()
                .setSource(source)
                .setTarget(BlobId.of(source.getBucket(), targetKey))
                .build();
        try {
            storage.copy(request).getResult();
        } catch (BaseServiceException e) {
            throw errors.readFailed(e, location(source));
        }
    }

    private static String location(BlobId object) {
        return "gs://" + object.getBucket() + "/" + object.getName();
    }
}
