package dev.pipit.scheduler.ledger;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * An object found by listing a bucket or folder, before the ledger knows it.
 *
 * @param bucket the bucket the object was listed in
 * @param objectKey its key in the bucket
 * @param uri its URI, for people ({@code s3://bkt/a/b.csv}, {@code file:///abs/x.csv})
 * @param size the size in bytes
 * @param etag the store's version tag, or {@code null} when the store has none
 * @param lastModified when the store last changed the object, or {@code null} when it does not say
 */
public record DiscoveredFile(String bucket, String objectKey, String uri, long size, String etag, Instant lastModified) {
    public DiscoveredFile {
        requireNonNull(bucket, "bucket is null");
        requireNonNull(objectKey, "objectKey is null");
        requireNonNull(uri, "uri is null");
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0");
        }
    }
}
