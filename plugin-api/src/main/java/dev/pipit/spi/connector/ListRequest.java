package dev.pipit.spi.connector;

import static java.util.Objects.requireNonNull;

/**
 * One page request of a bucket listing.
 *
 * @param bucket the bucket to list
 * @param prefix only keys starting with it; empty for all
 * @param continuation the {@link Listing#continuation()} of the previous page, or {@code null} for the first
 * @param maxKeys at most this many objects in the page; the store may return fewer
 * @param startAfter only keys that sort after this one (in the store's key order, UTF-8 byte order for S3), or
 *     {@code null} for all keys; it need not exist. It applies to the whole listing: a store that continues from
 *     {@code continuation} is already past it. Stores must honour it, so an idle run does not list a whole bucket
 *     (S3's {@code StartAfter}).
 */
public record ListRequest(String bucket, String prefix, String continuation, int maxKeys, String startAfter) {
    public ListRequest {
        requireNonNull(bucket, "bucket is null");
        requireNonNull(prefix, "prefix is null");
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be >= 1");
        }
    }

    /** The first page of every key under {@code prefix}. */
    public static ListRequest firstPage(String bucket, String prefix, int maxKeys) {
        return new ListRequest(bucket, prefix, null, maxKeys, null);
    }

    public ListRequest next(String nextContinuation) {
        return new ListRequest(bucket, prefix, requireNonNull(nextContinuation, "nextContinuation is null"), maxKeys,
                startAfter);
    }
}
