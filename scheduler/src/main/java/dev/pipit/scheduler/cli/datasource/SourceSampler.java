package dev.pipit.scheduler.cli.datasource;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.ConnectorBinding;
import dev.pipit.scheduler.project.Location;
import dev.pipit.scheduler.run.FileFormatResolver;
import dev.pipit.scheduler.run.FileSample;
import dev.pipit.scheduler.stream.MessageDecoder;
import dev.pipit.spi.connector.BucketAddress;
import dev.pipit.spi.connector.ConnectorContext;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.spi.connector.ObjectStore;
import dev.pipit.spi.format.FormatFactory;
import dev.pipit.spi.format.FormatReader;
import dev.pipit.spi.stream.StreamRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the first records of a file or a topic through the import's own path (the connection's plugin, the
 * format chosen as an import chooses it, gzip by its magic bytes) and infers columns with the import's own
 * inference, {@link FileSample}: what it finds is what the first import of that file would create.
 */
final class SourceSampler {
    private static final int GZIP_FIRST = 0x1f;
    private static final int GZIP_SECOND = 0x8b;

    private final PluginRegistry plugins;
    private final Path projectRoot;
    private final Location declaredAt;

    /**
     * @param projectRoot what relative {@code file://} URIs resolve against
     * @param declaredAt the file the columns will be declared in, for messages
     */
    SourceSampler(PluginRegistry plugins, Path projectRoot, Location declaredAt) {
        this.plugins = requireNonNull(plugins, "plugins is null");
        this.projectRoot = requireNonNull(projectRoot, "projectRoot is null");
        this.declaredAt = requireNonNull(declaredAt, "declaredAt is null");
    }

    /** A local file, read through the {@code local} connector as a {@code file://} URI would be. */
    SampledSource localFile(Path file, String format) throws IOException {
        return localUri("file://" + file.toAbsolutePath().normalize(), format);
    }

    /**
     * A {@code file://} URI read through the {@code local} connector, which needs no connection file; a relative
     * one is relative to the project, as in a datafile.
     */
    SampledSource localUri(String uri, String format) throws IOException {
        ConnectorFactory local = plugins.connector("local").orElseThrow(() ->
                new IllegalStateException("the local connector plugin is not installed"));
        return file(new ConnectorBinding(local, new ConnectorContext("local", Map.of())), uri, format);
    }

    /**
     * The object a URI names, or its newest match when it is a pattern, through a project's connection. The
     * connection's connector reads the URI, as it reads {@code IMPORT_BUCKET_URI}.
     */
    SampledSource file(ConnectorBinding connection, String uri, String format) throws IOException {
        BucketAddress address = connection.bucketAddress(uri, projectRoot);
        FileFormatResolver formats = new FileFormatResolver(plugins, format);
        try (ObjectStore store = connection.openObjectStore()) {
            NewestMatch match = NewestMatch.find(store, address);
            ObjectRef object = match.object();
            String objectUri = address.objectUri(object.key());
            if (object.size() == 0) {
                throw new IllegalArgumentException(objectUri + " is empty (0 bytes): there is nothing to infer "
                        + "columns from; point at a file with rows");
            }
            FormatFactory formatFactory = formats.formatFor(object.key());
            Map<String, String> dialect = new LinkedHashMap<>();
            FileSample sample;
            try (FormatReader reader = formats.open(store, object, objectUri, List.of())) {
                dialect.putAll(reader.dialect());
                sample = FileSample.readWithExamples(reader, FileSample.MAX_RECORDS);
            }
            if (!formatFactory.needsRandomAccess()) {
                dialect.put("compression", gzipped(store, object) ? "gzip" : "none");
            }
            if (sample.records() == 0) {
                throw new IllegalArgumentException(objectUri + " has no rows that " + formatFactory.name()
                        + " can read, so there is nothing to infer columns from; point at a file with rows");
            }
            String note = address.keyPattern().equals(object.key()) ? ""
                    : "newest of " + match.matches() + (match.complete() ? "" : "+") + " objects matching " + uri;
            return sampled(objectUri, note, formatFactory.name(), dialect, sample);
        }
    }

    /**
     * A topic's first messages, read without joining a consumer group or committing an offset.
     *
     * @throws IllegalStateException when no message arrives within the timeout
     */
    SampledSource topic(ConnectorBinding connection, String topic, Duration timeout) throws IOException {
        List<StreamRecord> messages = connection.sample(topic, FileSample.MAX_RECORDS, timeout);
        List<byte[]> values = messages.stream().map(StreamRecord::value).filter(Objects::nonNull).toList();
        String location = "kafka://" + connection.connectionName() + "/" + topic;
        if (values.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " of connection " + connection.connectionName()
                    + " had " + (messages.isEmpty() ? "no messages" : "only messages without a value (tombstones)")
                    + " within " + timeout.toSeconds() + " s; produce a few JSON messages, or wait longer with "
                    + "--timeout");
        }
        FileSample sample;
        try (FormatReader reader = MessageDecoder.reader(connection.messageDecoder(plugins), values)) {
            sample = FileSample.readWithExamples(reader, FileSample.MAX_RECORDS);
        }
        if (sample.records() == 0) {
            throw new IllegalArgumentException("none of the " + values.size() + " messages sampled from topic "
                    + topic + " is a JSON object; Pipit reads Kafka values as JSON objects");
        }
        return sampled(location, values.size() + " messages from the start of the topic", "json", Map.of(), sample);
    }

    private SampledSource sampled(String location, String note, String format, Map<String, String> dialect,
            FileSample sample) {
        List<String> leftOut = new ArrayList<>();
        List<FileSample.Inferred> columns = sample.columns(List.of(), false, declaredAt, leftOut::add);
        return new SampledSource(location, note, format, dialect, sample, columns, leftOut);
    }

    /** Gzip is known by its first two bytes, as the import knows it, whatever the key's ending. */
    private static boolean gzipped(ObjectStore store, ObjectRef object) throws IOException {
        try (InputStream input = store.open(object)) {
            return input.read() == GZIP_FIRST && input.read() == GZIP_SECOND;
        }
    }
}
