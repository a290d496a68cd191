package dev.pipit.plugin.local;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.connector.ListRequest;
import dev.pipit.spi.connector.Listing;
import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.spi.connector.ObjectStore;
import dev.pipit.spi.connector.ObjectUpload;
import java.io.FileNotFoundException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * A folder on disk as a bucket: keys are {@code /}-separated paths relative to the folder, listed recursively.
 *
 * <p>Paging re-walks the folder for every page and keeps only the next {@code maxKeys + 1} keys after the
 * continuation token (the last key of the previous page), so memory stays bounded by the page size however
 * many files the folder holds. A local inbox is small enough that the repeated walk costs less than a cache
 * that would go stale between runs.
 *
 * <p>Symbolic links are never followed, neither while listing nor on {@link #open} and {@link #openRange}: a link could lead out of
 * the bucket, and a file must be imported from the folder the project names.
 */
final class LocalObjectStore implements ObjectStore {
    /**
     * Endings of files that writers are still filling. Browsers, rsync, curl and most upload tools write under
     * such a name and rename the file into place when it is complete, so skipping them means a half-written
     * file is never imported; the finished file shows up under its final name in a later listing.
     */
    private static final List<String> IN_PROGRESS_ENDINGS = List.of(".tmp", ".part", ".crdownload");

    /**
     * S3's order: UTF-8 byte order, which is Unicode code point order. {@link String#compareTo} compares UTF-16
     * units and would put a key with an emoji before one with U+FFFD; code points keep both stores alike.
     */
    static final Comparator<String> KEY_ORDER = (left, right) -> {
        int i = 0;
        int j = 0;
        while (i < left.length() && j < right.length()) {
            int a = left.codePointAt(i);
            int b = right.codePointAt(j);
            if (a != b) {
                return Integer.compare(a, b);
            }
            i += Character.charCount(a);
            j += Character.charCount(b);
        }
        return Integer.compare(left.length() - i, right.length() - j);
    };

    private final String connectionName;

    LocalObjectStore(String connectionName) {
        this.connectionName = requireNonNull(connectionName, "connectionName is null");
    }

    @Override
    public Listing list(ListRequest request) throws IOException {
        Path folder = bucketFolder(request.bucket());
        // The walk starts at the prefix's folder: the bucket may be the file system's root.
        String prefix = request.prefix();
        Path start = folder.resolve(prefix.substring(0, prefix.lastIndexOf('/') + 1)).normalize();
        if (!start.startsWith(folder)) {
            throw new IllegalArgumentException("prefix " + prefix + " leads out of folder " + folder);
        }
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
            // Under the file system's root the prefix's folder is the one an IMPORT_BUCKET_URI names, and a
            // mistyped one would otherwise import nothing in silence; in a folder bucket, as in S3, a prefix
            // is only the start of keys, and one that starts none lists nothing.
            if (folder.getParent() == null || !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                Path missing = folder.getParent() == null ? start : folder;
                throw new FileNotFoundException("connection '" + connectionName + "': folder " + missing
                        + " does not exist or is not a folder");
            }
            return new Listing(List.of(), null);
        }
        TreeMap<String, ObjectRef> page = new TreeMap<>(KEY_ORDER);
        Files.walkFileTree(start, new PageCollector(folder, start, request, page));
        String continuation = null;
        if (page.size() > request.maxKeys()) {
            page.pollLastEntry();
            continuation = page.lastKey();
        }
        return new Listing(new ArrayList<>(page.values()), continuation);
    }

    @Override
    public InputStream open(ObjectRef object) throws IOException {
        return Channels.newInputStream(channel(object));
    }

    /** Reads from the file's own position, so Parquet on a local disk reads what it needs like on S3. */
    @Override
    public InputStream openRange(ObjectRef object, long offset, long length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must be >= 0");
        }
        SeekableByteChannel channel = channel(object);
        channel.position(offset);
        return new RangeStream(Channels.newInputStream(channel), length);
    }

    /** Writes under a temporary name in the target's folder and renames on commit. */
    @Override
    public ObjectUpload create(String bucket, String key) throws IOException {
        Path folder = bucketFolder(bucket);
        Path file = folder.resolve(key).normalize();
        if (!file.startsWith(folder) || file.equals(folder)) {
            throw new IllegalArgumentException("key " + key + " leads out of folder " + folder);
        }
        return new LocalUpload(file);
    }

    @Override
    public void delete(ObjectRef object) throws IOException {
        Files.deleteIfExists(file(object.bucket(), object.key()));
    }

    /**
     * Copies under a temporary name in the target's folder and renames it into place, so a listing never sees half
     * a copy; the folders the target needs are created.
     */
    @Override
    public void copy(ObjectRef source, String targetKey) throws IOException {
        Path from = file(source.bucket(), source.key());
        Path to = file(source.bucket(), targetKey);
        if (!Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileNotFoundException("connection '" + connectionName + "': " + from + " no longer exists");
        }
        Files.createDirectories(to.getParent());
        Path partial = to.resolveSibling("." + to.getFileName() + ".part");
        Files.copy(from, partial, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
        Files.move(partial, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Path file(String bucket, String key) {
        Path folder = bucketFolder(bucket);
        Path file = folder.resolve(key).normalize();
        if (!file.startsWith(folder) || file.equals(folder)) {
            throw new IllegalArgumentException("key " + key + " leads out of folder " + folder);
        }
        return file;
    }

    private SeekableByteChannel channel(ObjectRef object) throws IOException {
        Path folder = bucketFolder(object.bucket());
        Path file = folder.resolve(object.key()).normalize();
        if (!file.startsWith(folder)) {
            throw new IllegalArgumentException("key " + object.key() + " leads out of folder " + folder);
        }
        try {
            return Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            // The SPI promises FileNotFoundException, so the core can tell "gone" from "unreadable".
            FileNotFoundException gone = new FileNotFoundException("connection '" + connectionName + "': "
                    + file + " no longer exists");
            gone.initCause(e);
            throw gone;
        }
    }

    @Override
    public void close() {
        // Nothing to release: every listing and stream opens and closes its own file handles.
    }

    private static Path bucketFolder(String bucket) {
        Path folder = Path.of(bucket);
        if (!folder.isAbsolute()) {
            throw new IllegalArgumentException("a local bucket must be an absolute folder, not " + bucket);
        }
        return folder.normalize();
    }

    /** Whether a file or folder is hidden or still being written, and so not part of the bucket (yet). */
    static boolean isIgnored(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return name.startsWith(".") || IN_PROGRESS_ENDINGS.stream().anyMatch(lower::endsWith);
    }

    /** At most {@code remaining} bytes of a stream: the SPI's "fewer bytes when the object ends sooner". */
    private static final class RangeStream extends FilterInputStream {
        private long remaining;

        RangeStream(InputStream in, long remaining) {
            super(in);
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int read = super.read();
            if (read >= 0) {
                remaining--;
            }
            return read;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return length == 0 ? 0 : -1;
            }
            int read = super.read(buffer, offset, (int) Math.min(length, remaining));
            if (read > 0) {
                remaining -= read;
            }
            return read;
        }

        @Override
        public long skip(long count) throws IOException {
            long skipped = super.skip(Math.min(count, remaining));
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), remaining);
        }
    }

    /** Collects the {@code maxKeys + 1} smallest keys after the continuation (or startAfter) under the prefix. */
    private static final class PageCollector extends SimpleFileVisitor<Path> {
        private final Path folder;
        private final Path start;
        private final ListRequest request;
        private final TreeMap<String, ObjectRef> page;
        /** The key the page starts after: the previous page's last key, which lies past any startAfter. */
        private final String after;

        PageCollector(Path folder, Path start, ListRequest request, TreeMap<String, ObjectRef> page) {
            this.folder = folder;
            this.start = start;
            this.request = request;
            this.page = page;
            this.after = request.continuation() != null ? request.continuation() : request.startAfter();
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
            if (dir.equals(start)) {
                return FileVisitResult.CONTINUE;
            }
            String keyPrefix = keyOf(dir) + "/";
            // Descend only where a key can still start with the prefix: "a/b/" can hold "a/b/c" but not "a/x".
            boolean canMatch = keyPrefix.startsWith(request.prefix()) || request.prefix().startsWith(keyPrefix);
            return canMatch && !isIgnored(dir.getFileName().toString())
                    ? FileVisitResult.CONTINUE
                    : FileVisitResult.SKIP_SUBTREE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            // Symbolic links arrive here unfollowed and are not regular files, so they are skipped too.
            if (!attributes.isRegularFile() || isIgnored(file.getFileName().toString())) {
                return FileVisitResult.CONTINUE;
            }
            String key = keyOf(file);
            if (!key.startsWith(request.prefix()) || (after != null && KEY_ORDER.compare(key, after) <= 0)) {
                return FileVisitResult.CONTINUE;
            }
            long millis = attributes.lastModifiedTime().toMillis();
            page.put(key, new ObjectRef(request.bucket(), key, attributes.size(),
                    attributes.lastModifiedTime().toInstant(), millis + "-" + attributes.size()));
            if (page.size() > request.maxKeys() + 1) {
                page.pollLastEntry();
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            // A file deleted between reading its folder and reading its attributes was never listed; go on.
            if (e instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE;
            }
            throw e;
        }

        private String keyOf(Path path) {
            List<String> names = new ArrayList<>();
            for (Path name : folder.relativize(path)) {
                names.add(name.toString());
            }
            return String.join("/", names);
        }
    }
}
