package dev.pipit.scheduler.run;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.spi.connector.ObjectStore;
import dev.pipit.spi.format.FormatFactory;
import dev.pipit.spi.format.FormatOptions;
import dev.pipit.spi.format.FormatReader;
import dev.pipit.spi.format.RandomAccessInput;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;

/**
 * Opens an object as records: decompresses gzip, then picks the format from {@code IMPORT_FORMAT} or the key's
 * ending. Decompression lives here rather than in each format so every format reads {@code .gz} the same way.
 */
final class FileFormatResolver {
    private static final int GZIP_MAGIC_FIRST = 0x1f;
    private static final int GZIP_MAGIC_SECOND = 0x8b;

    private final PluginRegistry plugins;
    private final String configuredFormat;
    private final RunLimits limits;

    /** @param configuredFormat {@code IMPORT_FORMAT}, or {@code null} to choose by each key's ending */
    FileFormatResolver(PluginRegistry plugins, String configuredFormat) {
        this(plugins, configuredFormat, new RunLimits(RunLimits.DEFAULT_AUTO_INTERVAL, RunLimits.DEFAULT_AUTO_MAX_FILES,
                RunLimits.DEFAULT_LIST_PAGE_SIZE));
    }

    /**
     * @param configuredFormat {@code IMPORT_FORMAT}, or {@code null} to choose by each key's ending
     * @param limits how long reading one object may take from its opening ({@code import.file-timeout}) and how far
     *     it may expand ({@code import.max-value-size}, {@code import.max-gzip-ratio})
     */
    FileFormatResolver(PluginRegistry plugins, String configuredFormat, RunLimits limits) {
        this.plugins = requireNonNull(plugins, "plugins is null");
        this.configuredFormat = configuredFormat;
        this.limits = requireNonNull(limits, "limits is null");
    }

    /**
     * Finds the format before any byte is read, so an object nobody can read is failed without a download.
     *
     * @throws UnreadableFileException when no installed format reads this key, or when the key is gzipped and the
     *     format reads at random positions, which a gzip stream cannot offer
     */
    FormatFactory formatFor(String key) {
        FormatFactory format = configuredFormat != null ? configured() : byExtension(key);
        if (format.needsRandomAccess() && key.toLowerCase(Locale.ROOT).endsWith(".gz")) {
            throw new UnreadableFileException(format.name() + " files are read at random positions, which a gzipped"
                    + " file does not allow; store them uncompressed (" + format.name()
                    + " compresses inside the file)");
        }
        return format;
    }

    private FormatFactory configured() {
        return plugins.format(configuredFormat).orElseThrow(() -> new UnreadableFileException(
                "IMPORT_FORMAT " + configuredFormat + " is not installed; installed formats: " + plugins.formatNames()));
    }

    private FormatFactory byExtension(String key) {
        String extension = extensionOf(key);
        return plugins.formatForExtension(extension).orElseThrow(() -> new UnreadableFileException(
                "no format reads '" + extension + "' files; name the key with a known ending "
                        + plugins.formatExtensions() + " or set IMPORT_FORMAT"));
    }

    /**
     * Opens the object and its reader, reading every field (to sample it for schema inference).
     *
     * @see #open(ObjectStore, ObjectRef, String, List, List)
     */
    FormatReader open(ObjectStore store, ObjectRef object, String objectUri, List<String> columnNames)
            throws IOException {
        return open(store, object, objectUri, columnNames, List.of());
    }

    /**
     * Opens the object and its reader. The reader owns the stream or the random-access input; closing it closes
     * the download. A stream's failures to deliver come out as {@link StoreReadException}s, whatever the format
     * wraps them in.
     *
     * @param columnNames the data source's column names, a hint for formats that guess whether a file names its
     *     fields; empty when it has none yet
     * @param neededFields the top-level fields the data source reads, empty for all; columnar formats read only these
     */
    FormatReader open(ObjectStore store, ObjectRef object, String objectUri, List<String> columnNames,
            List<String> neededFields) throws IOException {
        FormatFactory format = formatFor(object.key());
        FormatOptions options = new FormatOptions(objectUri, extensionOf(object.key()), columnNames, neededFields,
                limits.maxValueBytes());
        if (format.needsRandomAccess()) {
            RandomAccessInput input = randomAccess(store, object, objectUri);
            try {
                return format.open(input, options);
            } catch (IOException | RuntimeException e) {
                input.close();
                throw e;
            }
        }
        InputStream raw = StoreInput.open(store, object, objectUri, limits.fileTimeout());
        try {
            InputStream content = decompressed(new BufferedInputStream(raw, 64 * 1024), objectUri);
            return format.open(content, options);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** The store's ranged reads, or a local copy of the object where the store has none. */
    private RandomAccessInput randomAccess(ObjectStore store, ObjectRef object, String objectUri)
            throws IOException {
        try {
            return RangedObjectInput.open(store, object, objectUri, RangedObjectInput.WINDOW_BYTES);
        } catch (UnsupportedOperationException noRanges) {
            return LocalCopyInput.copy(store, object, objectUri, limits.fileTimeout());
        }
    }

    /** The key's last ending without {@code .gz}, lower case: {@code a/b.ndjson.gz} → {@code ndjson}. */
    static String extensionOf(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }

    /**
     * Gzip is recognised by its magic bytes, not the name: buckets hold {@code .csv} files that are gzipped. Its
     * expansion is bounded, so a few kilobytes cannot turn into terabytes of rows.
     */
    private InputStream decompressed(BufferedInputStream input, String objectUri) throws IOException {
        input.mark(2);
        int first = input.read();
        int second = input.read();
        input.reset();
        if (first == GZIP_MAGIC_FIRST && second == GZIP_MAGIC_SECOND) {
            return GzipExpansionLimit.open(input, limits.maxGzipRatio(), objectUri);
        }
        return input;
    }
}
