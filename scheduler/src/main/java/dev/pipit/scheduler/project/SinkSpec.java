package dev.pipit.scheduler.project;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.connector.BucketAddress;
import java.util.Locale;

/**
 * Where and how a sink pipe writes: Tinybird's {@code EXPORT_*} settings.
 *
 * @param connection {@code EXPORT_CONNECTION_NAME}
 * @param prefix {@code EXPORT_BUCKET_URI} as the connector reads it; files go below its literal prefix
 * @param fileTemplate {@code EXPORT_FILE_TEMPLATE}, with {@code {column}} and {@code {column, 'format'}} placeholders
 * @param format {@code EXPORT_FORMAT}
 * @param compression {@code EXPORT_COMPRESSION}
 * @param strategy {@code EXPORT_STRATEGY} (or its alias {@code EXPORT_WRITE_STRATEGY})
 */
public record SinkSpec(String connection, BucketAddress prefix, String fileTemplate, Format format,
        Compression compression, Strategy strategy) {
    public SinkSpec {
        requireNonNull(connection, "connection is null");
        requireNonNull(prefix, "prefix is null");
        requireNonNull(fileTemplate, "fileTemplate is null");
        requireNonNull(format, "format is null");
        requireNonNull(compression, "compression is null");
        requireNonNull(strategy, "strategy is null");
    }

    public enum Format {
        CSV("csv", true),
        NDJSON("ndjson", true),
        /** Written by the format plugin of that name, which compresses inside the file. */
        PARQUET("parquet", false);

        private final String extension;
        private final boolean writtenByCore;

        Format(String extension, boolean writtenByCore) {
            this.extension = extension;
            this.writtenByCore = writtenByCore;
        }

        /** The file name's ending, and for a format a plugin writes, the plugin format's name. */
        public String extension() {
            return extension;
        }

        /** Whether the core writes this format (and gzips its files whole), rather than a format plugin. */
        public boolean writtenByCore() {
            return writtenByCore;
        }
    }

    public enum Compression {
        NONE,
        GZ
    }

    /** What happens to an object already under a file's name. */
    public enum Strategy {
        /** Tinybird's default ({@code @new}, {@code create_new}): a run never overwrites; it fails instead. */
        NEW,
        /** {@code truncate} / {@code replace}: a run replaces the object. */
        TRUNCATE;

        public String displayName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
