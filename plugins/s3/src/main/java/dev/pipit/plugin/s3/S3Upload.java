package dev.pipit.plugin.s3;

import dev.pipit.spi.connector.ObjectUpload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * An object written through S3's multipart upload: a part of {@link #PART_SIZE} bytes goes up in the background as
 * soon as it fills, while the writer fills the next one, so memory holds two parts whatever the object's size, and
 * the object appears only when the upload is completed. An object smaller than a part goes up in one PUT on commit.
 * Closing without a commit aborts the upload, which drops its parts.
 */
final class S3Upload extends ObjectUpload {
    /** Above S3's 5 MiB minimum part size; 10,000 parts make objects of up to 80 GiB. */
    static final int PART_SIZE = 8 * 1024 * 1024;

    private final S3Client s3;
    private final S3Errors errors;
    private final Executor partUploads;
    private final String bucket;
    private final String key;
    private final String location;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final List<CompletedPart> parts = new ArrayList<>();
    private String uploadId;
    /** The part going up, at most one: the writer waits for it before it hands over the next. */
    private FutureTask<CompletedPart> inFlight;
    private boolean finished;

    /** @param partUploads where parts go up, beside the writer's thread */
    S3Upload(S3Client s3, S3Errors errors, Executor partUploads, String bucket, String key, String location) {
        this.s3 = s3;
        this.errors = errors;
        this.partUploads = partUploads;
        this.bucket = bucket;
        this.key = key;
        this.location = location;
    }

    @Override
    public void write(int b) throws IOException {
        buffer.write(b);
        uploadFullPart();
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        int written = 0;
        while (written < length) {
            int chunk = Math.min(length - written, PART_SIZE - buffer.size());
            buffer.write(bytes, offset + written, chunk);
            written += chunk;
            uploadFullPart();
        }
    }

    private void uploadFullPart() throws IOException {
        if (buffer.size() >= PART_SIZE) {
            uploadPart();
        }
    }

    /** Hands the buffered bytes to the background as the next part, once the part before has gone up. */
    private void uploadPart() throws IOException {
        try {
            if (uploadId == null) {
                uploadId = s3.createMultipartUpload(CreateMultipartUploadRequest.builder()
                        .bucket(bucket).key(key).build()).uploadId();
            }
        } catch (SdkException e) {
            throw errors.translate(e, location);
        }
        awaitPartInFlight();
        int number = parts.size() + 1;
        byte[] part = buffer.toByteArray();
        buffer.reset();
        inFlight = new FutureTask<>(() -> {
            String etag = s3.uploadPart(UploadPartRequest.builder().bucket(bucket).key(key).uploadId(uploadId)
                    .partNumber(number).build(), RequestBody.fromBytes(part)).eTag();
            return CompletedPart.builder().partNumber(number).eTag(etag).build();
        });
        partUploads.execute(inFlight);
    }

    private void awaitPartInFlight() throws IOException {
        if (inFlight == null) {
            return;
        }
        try {
            parts.add(inFlight.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + location + " was uploaded");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SdkException sdk) {
                throw errors.translate(sdk, location);
            }
            throw new IOException("uploading a part of " + location + " failed: " + e.getCause(), e.getCause());
        } finally {
            inFlight = null;
        }
    }

    @Override
    public void commit() throws IOException {
        try {
            if (uploadId == null) {
                s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).build(),
                        RequestBody.fromBytes(buffer.toByteArray()));
            } else {
                if (buffer.size() > 0) {
                    uploadPart();
                }
                awaitPartInFlight();
                s3.completeMultipartUpload(CompleteMultipartUploadRequest.builder().bucket(bucket).key(key)
                        .uploadId(uploadId)
                        .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build())
                        .build());
            }
            finished = true;
        } catch (SdkException e) {
            throw errors.translate(e, location);
        }
    }

    @Override
    public void close() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        buffer.reset();
        if (inFlight != null) {
            // Waited for, not cancelled: a part that landed after the abort would linger as an upload's part.
            try {
                inFlight.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // The upload is abandoned either way.
            }
            inFlight = null;
        }
        if (uploadId != null) {
            try {
                s3.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(bucket).key(key)
                        .uploadId(uploadId).build());
            } catch (SdkException e) {
                // The parts stay until a bucket lifecycle rule removes them; they are never an object.
                throw errors.translate(e, location);
            }
        }
    }
}
