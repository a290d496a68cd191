package dev.pipit.plugin.s3;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.connector.ObjectRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;

/**
 * Copies inside a bucket on the server, for {@code IMPORT_AFTER_IMPORT move}: one CopyObject up to the size S3
 * copies at once (5 GiB), and above it a multipart upload whose parts are copied from ranges of the source
 * (UploadPartCopy), which is how S3 copies objects up to its 5 TiB limit. A multipart copy that fails is aborted,
 * so no parts are left billed.
 */
final class S3Copies {
    /** The largest object one CopyObject copies. */
    static final long SINGLE_COPY_LIMIT = 5L << 30;
    /** 10,000 parts of 1 GiB pass S3's largest object. */
    static final long PART_BYTES = 1L << 30;

    private final S3Client s3;
    private final S3Errors errors;
    private final long singleCopyLimit;
    private final long partBytes;

    S3Copies(S3Client s3, S3Errors errors, long singleCopyLimit, long partBytes) {
        this.s3 = requireNonNull(s3, "s3 is null");
        this.errors = requireNonNull(errors, "errors is null");
        this.singleCopyLimit = singleCopyLimit;
        this.partBytes = partBytes;
    }

    /** @param location the source as users write it, for messages */
    void copy(ObjectRef source, String targetKey, String location) throws IOException {
        try {
            if (source.size() <= singleCopyLimit) {
                s3.copyObject(request -> request.sourceBucket(source.bucket()).sourceKey(source.key())
                        .destinationBucket(source.bucket()).destinationKey(targetKey));
            } else {
                copyInParts(source, targetKey);
            }
        } catch (SdkException e) {
            throw errors.translate(e, location + " (copying it to " + targetKey + ")");
        }
    }

    private void copyInParts(ObjectRef source, String targetKey) {
        String uploadId = s3.createMultipartUpload(request -> request.bucket(source.bucket()).key(targetKey))
                .uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (long offset = 0; offset < source.size(); offset += partBytes) {
                int number = parts.size() + 1;
                String range = "bytes=" + offset + "-" + (Math.min(offset + partBytes, source.size()) - 1);
                UploadPartCopyResponse part = s3.uploadPartCopy(request -> request
                        .sourceBucket(source.bucket()).sourceKey(source.key())
                        .destinationBucket(source.bucket()).destinationKey(targetKey)
                        .uploadId(uploadId).partNumber(number).copySourceRange(range));
                parts.add(CompletedPart.builder().partNumber(number).eTag(part.copyPartResult().eTag()).build());
            }
            s3.completeMultipartUpload(request -> request.bucket(source.bucket()).key(targetKey).uploadId(uploadId)
                    .multipartUpload(upload -> upload.parts(parts)));
        } catch (SdkException e) {
            abort(source.bucket(), targetKey, uploadId, e);
            throw e;
        }
    }

    private void abort(String bucket, String key, String uploadId, SdkException cause) {
        try {
            s3.abortMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            cause.addSuppressed(e);
        }
    }
}
