package dev.pipit.plugin.azure;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobCopyInfo;
import com.azure.storage.blob.models.CopyStatusType;
import com.azure.storage.blob.models.DeleteSnapshotsOptionType;
import com.azure.storage.blob.options.BlobBeginCopyOptions;
import java.io.IOException;
import java.time.Duration;

/**
 * What {@code IMPORT_AFTER_IMPORT} asks of a blob: a delete (with its snapshots, which would otherwise keep the
 * blob from being deleted), and a copy by the service's Copy Blob, which Azure completes on its side; Pipit waits
 * for it to finish before the source may be deleted.
 */
final class AzureAfterImport {
    /** How often the copy's status is asked for while Azure copies a large blob. */
    private static final Duration COPY_POLL = Duration.ofSeconds(1);
    private static final Duration COPY_TIMEOUT = Duration.ofMinutes(30);

    private AzureAfterImport() {}

    static void delete(BlobClient blob, AzureErrors errors, String location) throws IOException {
        try {
            blob.deleteIfExistsWithResponse(DeleteSnapshotsOptionType.INCLUDE, null, null, null);
        } catch (RuntimeException e) {
            throw errors.readFailed(e, location);
        }
    }

    /**
     * @param sasToken the connection's SAS without {@code ?}, or {@code null}: a SAS-authorised copy must present
     *     it for its source too, where a shared key covers every blob of its account
     */
    static void copy(BlobClient source, BlobClient target, String sasToken, AzureErrors errors, String location)
            throws IOException {
        String sourceUrl = sasToken == null ? source.getBlobUrl() : source.getBlobUrl() + "?" + sasToken;
        BlobCopyInfo copied;
        try {
            copied = target.beginCopy(new BlobBeginCopyOptions(sourceUrl).setPollInterval(COPY_POLL))
                    .waitForCompletion(COPY_TIMEOUT)
                    .getValue();
        } catch (RuntimeException e) {
            throw errors.readFailed(e, location);
        }
        if (copied.getCopyStatus() != CopyStatusType.SUCCESS) {
            throw new IOException("copying " + location + " ended " + copied.getCopyStatus()
                    + (copied.getError() == null ? "" : ": " + copied.getError()));
        }
    }
}
