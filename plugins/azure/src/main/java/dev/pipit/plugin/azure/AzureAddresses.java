package dev.pipit.plugin.azure;

import dev.pipit.spi.connector.BucketAddress;
import java.util.List;
import java.util.Locale;

/**
 * The three ways to write where blobs are, and the container each one names:
 * <ul>
 *   <li>{@code az://container/prefix/*.csv}, Pipit's short form, like {@code s3://} and {@code gs://};</li>
 *   <li>{@code abfss://container@ACCOUNT.dfs.core.windows.net/prefix/*.csv}, as Spark and Databricks write it;</li>
 *   <li>{@code https://ACCOUNT.blob.core.windows.net/container/prefix/*.csv}, as the portal shows a blob's URL.</li>
 * </ul>
 * The "bucket" the core keeps is what precedes the key in each form ({@code container},
 * {@code container@ACCOUNT.dfs.core.windows.net}, {@code ACCOUNT.blob.core.windows.net/container}), so the
 * ledger shows every file as its URI was written. The two long forms name an account, which must be the
 * connection's: a URI cannot send a connection's credentials to another account.
 */
final class AzureAddresses {
    static final List<String> SCHEMES = List.of("az", "abfss", "https");

    private static final String EXAMPLES = "write az://container/prefix/*.csv, "
            + "abfss://container@ACCOUNT.dfs.core.windows.net/prefix/*.csv or "
            + "https://ACCOUNT.blob.core.windows.net/container/prefix/*.csv";

    private AzureAddresses() {}

    /** @throws IllegalArgumentException with what to write instead */
    static BucketAddress parse(String uri) {
        BucketAddress split;
        try {
            split = BucketAddress.split(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replaceFirst("write .*$", EXAMPLES), e);
        }
        switch (split.scheme()) {
            case "abfss" -> {
                int at = split.bucket().indexOf('@');
                if (at <= 0 || at == split.bucket().length() - 1) {
                    throw new IllegalArgumentException("'" + uri + "' names no container@account: " + EXAMPLES);
                }
                return split;
            }
            case "https" -> {
                int slash = split.keyPattern().indexOf('/');
                if (slash <= 0 || slash == split.keyPattern().length() - 1) {
                    throw new IllegalArgumentException("'" + uri + "' names no container and blobs after the "
                            + "account's host: " + EXAMPLES);
                }
                String container = split.keyPattern().substring(0, slash);
                if (!BucketAddress.literalPrefix(container).equals(container)) {
                    throw new IllegalArgumentException("container " + container + " holds a wildcard; containers "
                            + "are named exactly: " + EXAMPLES);
                }
                return new BucketAddress("https", split.bucket().toLowerCase(Locale.ROOT) + "/" + container,
                        split.keyPattern().substring(slash + 1));
            }
            default -> {
                return split;
            }
        }
    }

    /** The container a bucket of any of the three forms names. */
    static String container(String bucket) {
        int slash = bucket.indexOf('/');
        if (slash >= 0) {
            return bucket.substring(slash + 1);
        }
        int at = bucket.indexOf('@');
        return at >= 0 ? bucket.substring(0, at) : bucket;
    }

    /**
     * The storage account a bucket names, or {@code null} for the short form: the first label of the host of
     * {@code container@HOST} and of {@code HOST/container}.
     */
    static String account(String bucket) {
        int slash = bucket.indexOf('/');
        int at = bucket.indexOf('@');
        String host = slash >= 0 ? bucket.substring(0, slash) : at >= 0 ? bucket.substring(at + 1) : null;
        if (host == null) {
            return null;
        }
        int dot = host.indexOf('.');
        return (dot < 0 ? host : host.substring(0, dot)).toLowerCase(Locale.ROOT);
    }

    /** A blob or prefix as users wrote it: {@code az://container/key} and the two long forms. */
    static String location(String bucket, String key) {
        String scheme = bucket.indexOf('/') >= 0 ? "https" : bucket.indexOf('@') >= 0 ? "abfss" : "az";
        return scheme + "://" + bucket + "/" + key;
    }
}
