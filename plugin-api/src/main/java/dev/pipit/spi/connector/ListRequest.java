package dev.pipit.spi.connector;

import static java.util.Objects.requireNonNull;

/**
 * One page request of a bucket listing.
 *
 * @param bucket the bucket to list
 * @param prefix only keys starting with it; empty for all
 * @param continuation the {@link Listing#continuation()} of the previous page, or {@code null} for the first
 * @param maxKeys at most this many objects in the page; the store may return fewer
 */
public record ListRequest(String bucket, String prefix, String continuation, int maxKeys) {
    public ListRequest {
        requireNonNull(bucket, "bucket is null");
        requireNonNull(prefix, "prefix is null");
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be >= 1");
        }
    }

    public ListRequest next(String nextContinuation) {
        return new ListRequest(bucket, prefix, requireNonNull(nextContinuation, "nextContinuation is null"), maxKeys);
    }
}
