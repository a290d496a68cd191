package dev.pipit.spi.connector;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One object in a bucket, as listed.
 *
 * @param bucket the bucket, as the {@link ListRequest} that listed it named it (a {@link BucketAddress#bucket()})
 * @param key the object's key within the bucket, {@code /}-separated
 * @param size bytes
 * @param lastModified when the store last wrote it; the core imports oldest first
 * @param etag the store's version tag (S3 ETag, GCS generation), or {@code null} where the store has none
 */
public record ObjectRef(String bucket, String key, long size, Instant lastModified, String etag) {
    public ObjectRef {
        requireNonNull(bucket, "bucket is null");
        requireNonNull(key, "key is null");
        requireNonNull(lastModified, "lastModified is null");
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0");
        }
    }

    @Override
    public String toString() {
        return bucket + "/" + key + " [" + size + " bytes, " + lastModified + "]";
    }
}
