package dev.pipit.scheduler.discovery;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

/**
 * An {@code IMPORT_BUCKET_URI}, split into what to list and what to keep: {@code s3://bkt/orders/2024-*.csv} lists
 * bucket {@code bkt} from {@link #literalPrefix()} {@code orders/2024-} and keeps the keys that {@link #matches}.
 *
 * <p>For {@code file:} URIs the bucket is the folder made of the pattern's leading segments without glob
 * characters, made absolute: {@code file:///srv/inbox/*.csv}, and relative to the project folder
 * {@code file://./inbox/*.csv} or {@code file://inbox/*.csv}, all have a folder as bucket and {@code *.csv} as key
 * pattern. The last segment always belongs to the key pattern, since it names files.
 *
 * @param scheme {@code s3}, {@code gs} or {@code file}
 * @param bucket the bucket name, or for {@code file} the absolute folder
 * @param keyPattern a glob over {@code /}-separated keys, see {@link KeyGlob}
 */
public record BucketUri(String scheme, String bucket, String keyPattern) {
    private static final Set<String> SCHEMES = Set.of("s3", "gs", "file");
    private static final String EXAMPLES = "write s3://bucket/prefix/*.csv, gs://bucket/prefix/*.csv, "
            + "file:///absolute/folder/*.csv or file://./folder-in-project/*.csv";

    public BucketUri {
        requireNonNull(scheme, "scheme is null");
        requireNonNull(bucket, "bucket is null");
        requireNonNull(keyPattern, "keyPattern is null");
        if (!SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("unknown scheme " + scheme + ": " + EXAMPLES);
        }
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("the bucket is empty: " + EXAMPLES);
        }
        if (keyPattern.isEmpty()) {
            throw new IllegalArgumentException("no key pattern after bucket " + bucket + ": write "
                    + scheme + "://" + bucket + "/*.csv to import every CSV file in it");
        }
        try {
            KeyGlob.compile(keyPattern);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid key pattern " + keyPattern + ": " + e.getDescription()
                    + " at character " + e.getIndex(), e);
        }
    }

    /**
     * Parses an {@code IMPORT_BUCKET_URI} as written in a datafile.
     *
     * @param projectFolder the folder relative {@code file:} URIs resolve against
     * @throws IllegalArgumentException with what to write instead when the URI is not one Pipit can list
     */
    public static BucketUri parse(String uri, Path projectFolder) {
        requireNonNull(uri, "uri is null");
        requireNonNull(projectFolder, "projectFolder is null");
        int separator = uri.indexOf("://");
        if (separator <= 0) {
            throw new IllegalArgumentException("'" + uri + "' has no scheme: " + EXAMPLES);
        }
        String scheme = uri.substring(0, separator).toLowerCase(Locale.ROOT);
        String rest = uri.substring(separator + "://".length());
        if (scheme.equals("file")) {
            return parseFile(rest, projectFolder);
        }
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        if (!KeyGlob.literalPrefix(bucket).equals(bucket)) {
            throw new IllegalArgumentException("bucket " + bucket + " holds a wildcard; buckets are named exactly: "
                    + EXAMPLES);
        }
        return new BucketUri(scheme, bucket, slash < 0 ? "" : rest.substring(slash + 1));
    }

    private static BucketUri parseFile(String path, Path projectFolder) {
        if (path.isEmpty() || path.endsWith("/")) {
            throw new IllegalArgumentException("file://" + path + " names no files: " + EXAMPLES);
        }
        int firstGlob = KeyGlob.literalPrefix(path).length();
        // The folder ends at the last '/' before the first glob character, and never takes the last segment.
        int folderEnd = path.lastIndexOf('/', Math.min(firstGlob, path.lastIndexOf('/')));
        String folder = folderEnd < 0 ? "" : path.substring(0, folderEnd);
        Path absolute = path.startsWith("/")
                ? Path.of(folderEnd <= 0 ? "/" : folder)
                : projectFolder.resolve(folder).toAbsolutePath();
        return new BucketUri("file", absolute.normalize().toString(), path.substring(folderEnd + 1));
    }

    /** The longest start of the key pattern without glob characters: what the listing asks the store for. */
    public String literalPrefix() {
        return KeyGlob.literalPrefix(keyPattern);
    }

    /** Whether a listed key is one to import. Compiles the pattern; a discovery loop holds {@link #glob()}. */
    public boolean matches(String key) {
        return glob().test(key);
    }

    /** The key pattern compiled once, for matching many keys. */
    public KeyGlob glob() {
        return KeyGlob.compile(keyPattern);
    }

    /**
     * The object's URI for messages and the ledger: {@code s3://bkt/a/b.csv}, {@code file:///srv/inbox/a/b.csv}.
     * Written as keys are, without percent-encoding, so it reads like the key a user sees in a console.
     */
    public String objectUri(String key) {
        requireNonNull(key, "key is null");
        String root = scheme.equals("file") && bucket.equals("/") ? "" : bucket;
        return scheme + "://" + root + "/" + key;
    }

    @Override
    public String toString() {
        return objectUri(keyPattern);
    }
}
