package dev.pipit.spi.connector;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * Where an {@code IMPORT_BUCKET_URI} points: {@code s3://bkt/orders/2024-*.csv} is bucket {@code bkt} and key
 * pattern {@code orders/2024-*.csv}. The core lists the bucket under the pattern's {@link #literalPrefix()} and
 * keeps the keys the pattern matches; the ledger knows a file by its bucket and key.
 *
 * <p>Key patterns are globs over {@code /}-separated keys: {@code *} and {@code ?} within a segment, {@code **}
 * across segments, {@code {a,b}} alternatives and {@code [abc]} classes. The core checks the pattern.
 *
 * @param scheme the URI's scheme, lower case ({@code s3})
 * @param bucket the bucket, as the connector's {@link ListRequest#bucket()} and {@link ObjectRef#bucket()} know
 *     it; {@code /} for a store whose keys are paths from a file system's root
 * @param keyPattern the glob the keys must match, never empty
 */
public record BucketAddress(String scheme, String bucket, String keyPattern) {
    /** The characters that make a key pattern a glob. */
    public static final String GLOB_CHARACTERS = "*?[{\\";

    public BucketAddress {
        requireNonNull(scheme, "scheme is null");
        requireNonNull(bucket, "bucket is null");
        requireNonNull(keyPattern, "keyPattern is null");
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("the bucket is empty");
        }
        if (keyPattern.isEmpty()) {
            throw new IllegalArgumentException("no key pattern after bucket " + bucket + ": write " + scheme + "://"
                    + bucket + "/*.csv to import every CSV file in it");
        }
    }

    /**
     * Splits {@code scheme://bucket/key-pattern}, the form of every cloud store's URIs; what
     * {@link ConnectorFactory#bucketAddress} does unless a connector says otherwise.
     *
     * @throws IllegalArgumentException with what to write instead, when the URI is not of that form
     */
    public static BucketAddress split(String uri) {
        requireNonNull(uri, "uri is null");
        int separator = uri.indexOf("://");
        if (separator <= 0) {
            throw new IllegalArgumentException("'" + uri + "' has no scheme: write scheme://bucket/prefix/*.csv");
        }
        String scheme = uri.substring(0, separator).toLowerCase(Locale.ROOT);
        String rest = uri.substring(separator + "://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("'" + uri + "' names no bucket: write " + scheme
                    + "://bucket/prefix/*.csv");
        }
        if (!literalPrefix(bucket).equals(bucket)) {
            throw new IllegalArgumentException("bucket " + bucket + " holds a wildcard; buckets are named exactly: "
                    + "write " + scheme + "://bucket/prefix/*.csv");
        }
        return new BucketAddress(scheme, bucket, slash < 0 ? "" : rest.substring(slash + 1));
    }

    /** The longest start of {@code pattern} without glob characters: the prefix a listing must cover. */
    public static String literalPrefix(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            if (GLOB_CHARACTERS.indexOf(pattern.charAt(i)) >= 0) {
                return pattern.substring(0, i);
            }
        }
        return pattern;
    }

    /** The longest start of the key pattern without glob characters: what the listing asks the store for. */
    public String literalPrefix() {
        return literalPrefix(keyPattern);
    }

    /**
     * An object's URI, for messages and the ledger's display: {@code s3://bkt/a/b.csv}, and for bucket {@code /}
     * {@code file:///srv/inbox/a.csv}. Written as keys are, without percent-encoding, so it reads like the key a
     * user sees in a console.
     */
    public String objectUri(String key) {
        requireNonNull(key, "key is null");
        return scheme + "://" + (bucket.equals("/") ? "" : bucket) + "/" + key;
    }

    @Override
    public String toString() {
        return objectUri(keyPattern);
    }
}
