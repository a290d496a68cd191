package dev.pipit.plugin.azure;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.connector.BucketAddress;
import java.util.List;
import java.util.Locale;

/**
 * The three ways to write where blobs are:
 * <ul>
 *   <li>{@code az://container/prefix/*.csv}, Pipit's short form, like {@code s3://} and {@code gs://};</li>
 *   <li>{@code abfss://container@ACCOUNT.dfs.core.windows.net/prefix/*.csv}, as Spark and Databricks write it
 *       ({@code abfss://container/...} reads the connection's account);</li>
 *   <li>{@code https://ACCOUNT.blob.core.windows.net/container/prefix/*.csv}, a blob's URL as the portal shows it.</li>
 * </ul>
 * The core keeps a file as the bucket and key of its URI ({@code container}, {@code container@HOST}, or the host
 * with {@code container/blob} as key), so the ledger shows every file as its URI was written; {@link #blob} turns
 * them back into a container and a blob name. The long forms name an account, which must be the connection's: a
 * URI cannot send a connection's credentials to another account.
 */
final class AzureAddresses {
    static final List<String> SCHEMES = List.of("az", "abfss", "https");

    private static final String EXAMPLES = "write az://container/prefix/*.csv, "
            + "abfss://container@ACCOUNT.dfs.core.windows.net/prefix/*.csv or "
            + "https://ACCOUNT.blob.core.windows.net/container/prefix/*.csv";

    private AzureAddresses() {}

    /**
     * A blob, or a listing's prefix, in the account's terms.
     *
     * @param account the account the URI names, or {@code null} when it names none (the connection's)
     * @param name the blob's name in its container, or the prefix of the names to list
     */
    record Blob(String account, String container, String name) {
        Blob {
            requireNonNull(container, "container is null");
            requireNonNull(name, "name is null");
        }
    }

    /** @throws IllegalArgumentException with what to write instead */
    static BucketAddress parse(String uri) {
        BucketAddress split;
        try {
            split = BucketAddress.split(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replaceFirst("write .*$", EXAMPLES), e);
        }
        String bucket = split.bucket();
        // A host where the container should be: container names have no dots.
        if (split.scheme().equals("abfss") && (bucket.startsWith("@") || bucket.endsWith("@") || isHost(bucket))) {
            throw new IllegalArgumentException("'" + uri + "' names no container@account: " + EXAMPLES);
        }
        if (split.scheme().equals("https")) {
            int slash = split.keyPattern().indexOf('/');
            String container = slash < 0 ? "" : split.keyPattern().substring(0, slash);
            if (container.isEmpty() || slash == split.keyPattern().length() - 1) {
                throw new IllegalArgumentException("'" + uri + "' names no container and blobs after the "
                        + "account's host: " + EXAMPLES);
            }
            if (!BucketAddress.literalPrefix(container).equals(container)) {
                throw new IllegalArgumentException("container " + container + " holds a wildcard; containers "
                        + "are named exactly: " + EXAMPLES);
            }
            return new BucketAddress("https", bucket.toLowerCase(Locale.ROOT), split.keyPattern());
        }
        return split;
    }

    /**
     * The container and blob name of a bucket and key of any of the three forms. A host, unlike a container
     * name, has dots (or a port): that is how the {@code https} form's bucket is told apart.
     */
    static Blob blob(String bucket, String key) {
        if (isHost(bucket)) {
            int slash = key.indexOf('/');
            return new Blob(firstLabel(bucket), slash < 0 ? key : key.substring(0, slash),
                    slash < 0 ? "" : key.substring(slash + 1));
        }
        int at = bucket.indexOf('@');
        return at < 0 ? new Blob(null, bucket, key)
                : new Blob(firstLabel(bucket.substring(at + 1)), bucket.substring(0, at), key);
    }

    /**
     * The key of a blob listed under {@code bucket}: its name, or for the {@code https} form, its container and
     * name, as the URI wrote them.
     */
    static String key(String bucket, String container, String name) {
        return isHost(bucket) ? container + "/" + name : name;
    }

    /** A blob or prefix as users wrote it: {@code az://container/key} and the two long forms. */
    static String location(String bucket, String key) {
        String scheme = isHost(bucket) ? "https" : bucket.indexOf('@') >= 0 ? "abfss" : "az";
        return scheme + "://" + bucket + "/" + key;
    }

    private static boolean isHost(String bucket) {
        return bucket.indexOf('@') < 0 && (bucket.indexOf('.') >= 0 || bucket.indexOf(':') >= 0);
    }

    private static String firstLabel(String host) {
        int dot = host.indexOf('.');
        return (dot < 0 ? host : host.substring(0, dot)).toLowerCase(Locale.ROOT);
    }
}
