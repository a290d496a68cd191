package dev.pipit.scheduler.pipe;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunHistory;
import dev.pipit.scheduler.history.RunStatus;
import dev.pipit.scheduler.history.RunTrigger;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.ConnectorBinding;
import dev.pipit.scheduler.project.PipeDef;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.project.SinkSpec;
import dev.pipit.spi.connector.BucketAddress;
import dev.pipit.spi.connector.ListRequest;
import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.spi.connector.ObjectStore;
import dev.pipit.spi.connector.ObjectUpload;
import dev.pipit.spi.format.FormatFactory;
import dev.pipit.spi.format.WriteColumn;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a sink pipe; a Kafka sink is handed to {@link TopicExport}. For a bucket, the query's rows stream from a
 * cursor into one object per file name the template gives, and
 * every object is committed only after the last row, so a failed run leaves no object under its final name. Memory
 * holds the open files' buffers (one upload part each on S3), never the result.
 */
public final class SinkExport {
    private static final Logger LOG = LoggerFactory.getLogger(SinkExport.class);

    private final Database database;
    private final PluginRegistry plugins;
    private final RunHistory history;
    private final PipeHistory pipeHistory;
    private final String node;
    private final PipeStop stop;
    private final TopicExport topics;

    public SinkExport(Database database, PluginRegistry plugins, String node) {
        this(database, plugins, node, new PipeStop());
    }

    /** @param stop cancels the run in progress when requested */
    public SinkExport(Database database, PluginRegistry plugins, String node, PipeStop stop) {
        this.database = requireNonNull(database, "database is null");
        this.plugins = requireNonNull(plugins, "plugins is null");
        this.history = new RunHistory(database.jdbi());
        this.pipeHistory = new PipeHistory(database.jdbi());
        this.node = requireNonNull(node, "node is null");
        this.stop = requireNonNull(stop, "stop is null");
        this.topics = new TopicExport(database, plugins, node, stop);
    }

    /**
     * Exports once and records the run.
     *
     * @param parameters {@code --param} values; the others take their defaults
     * @param request the trigger request the run answers, or {@code null}
     */
    public PipeRun run(Project project, PipeDef pipe, Map<String, String> parameters, String request) {
        if (pipe.topicSink().isPresent()) {
            return topics.run(project, pipe, parameters, request);
        }
        SinkSpec sink = pipe.sink().orElseThrow(() -> new IllegalArgumentException(pipe.name() + " is no sink pipe"));
        PipeQuery query = PipeQuery.of(pipe);
        List<Object> values = query.values(parameters);
        long runId = history.start(pipe.name(), RunTrigger.SINK, node, request);
        try (ObjectStore store = ConnectorBinding.of(project.connections().get(sink.connection()), plugins)
                .openObjectStore();
                OpenFiles files = new OpenFiles(store, sink, formatPlugin(sink))) {
            long rows = export(query.sqlForRun(runId), values, sink, files);
            List<String> written = files.commit();
            pipeHistory.recordOutputs(runId, rows, files.bytes(), written);
            history.finish(runId, RunStatus.SUCCEEDED, null);
            LOG.info("Sink {}: run {} wrote {} rows to {} files", pipe.name(), runId, rows, written.size());
            return new PipeRun(runId, pipe.name(), RunStatus.SUCCEEDED, rows, files.bytes(), written, null);
        } catch (Exception e) {
            String cause = stop.describe(e);
            LOG.warn("Sink {}: run {} failed: {}", pipe.name(), runId, cause);
            history.finish(runId, RunStatus.FAILED, cause);
            return new PipeRun(runId, pipe.name(), RunStatus.FAILED, 0, 0, List.of(), cause);
        }
    }

    /** The plugin that writes the sink's format, or {@code null} when the core writes it. */
    private FormatFactory formatPlugin(SinkSpec sink) {
        if (sink.format().writtenByCore()) {
            return null;
        }
        return plugins.format(sink.format().extension()).filter(FormatFactory::writes)
                .orElseThrow(() -> new IllegalStateException("EXPORT_FORMAT " + sink.format().extension()
                        + " needs the " + sink.format().extension() + " plugin in plugins/, which is not installed"));
    }

    private long export(String sql, List<Object> values, SinkSpec sink, OpenFiles files)
            throws SQLException, IOException {
        FileTemplate template = FileTemplate.parse(sink.fileTemplate());
        return PipeRows.read(database, sql, values, stop, (rs, columns) -> {
            List<WriteColumn> typed = ExportColumns.of(rs.getMetaData());
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                index.put(columns.get(i).toLowerCase(Locale.ROOT), i);
            }
            for (String column : template.columns()) {
                if (!index.containsKey(column.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("EXPORT_FILE_TEMPLATE names column " + column
                            + ", which the pipe's result does not have (it has " + String.join(", ", columns) + ")");
                }
            }
            long rows = 0;
            while (rs.next()) {
                Object[] row = new Object[columns.size()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                String name = template.render(column -> row[index.get(column.toLowerCase(Locale.ROOT))]);
                files.writer(name, typed).write(row);
                rows++;
            }
            return rows;
        });
    }

    /** The objects a run has open, by key; committed together at the end, abandoned together on failure. */
    private static final class OpenFiles implements AutoCloseable {
        private final ObjectStore store;
        private final SinkSpec sink;
        private final FormatFactory formatPlugin;
        private final Map<String, OpenFile> open = new LinkedHashMap<>();
        /** The writer of each file name rows have rendered so far: most rows name a file an earlier row opened. */
        private final Map<String, ExportFormat> byName = new HashMap<>();
        private long committedBytes;

        OpenFiles(ObjectStore store, SinkSpec sink, FormatFactory formatPlugin) {
            this.store = store;
            this.sink = sink;
            this.formatPlugin = formatPlugin;
        }

        ExportFormat writer(String name, List<WriteColumn> columns) throws IOException {
            ExportFormat known = byName.get(name);
            if (known != null) {
                return known;
            }
            ExportFormat format = open(key(name), columns);
            byName.put(name, format);
            return format;
        }

        private ExportFormat open(String key, List<WriteColumn> columns) throws IOException {
            OpenFile file = open.get(key);
            if (file == null) {
                if (sink.strategy() == SinkSpec.Strategy.NEW && exists(key)) {
                    throw new IllegalStateException(sink.prefix().objectUri(key) + " exists already, and "
                            + "EXPORT_STRATEGY new never overwrites: put a time placeholder such as "
                            + "{column, '%Y%m%d%H%i'} in EXPORT_FILE_TEMPLATE, or set EXPORT_STRATEGY truncate");
                }
                ObjectUpload upload;
                try {
                    upload = store.create(sink.prefix().bucket(), key);
                } catch (UnsupportedOperationException e) {
                    throw new IllegalStateException("connection " + sink.connection() + " cannot be written to ("
                            + e.getMessage() + "): sinks export through s3, s3_iamrole, gcs, azure and local connections");
                }
                CountingOutput counting = new CountingOutput(upload);
                // Registered before the format opens, so that a format that fails to open still has its upload
                // abandoned (a local .tmp file removed).
                open.put(key, new OpenFile(upload, counting, null));
                file = new OpenFile(upload, counting, ExportFormat.open(sink, counting, columns, formatPlugin,
                        sink.prefix().objectUri(key)));
                open.put(key, file);
            }
            return file.format();
        }

        /**
         * The key below the prefix, with the format's extension unless the template already ends with it, and
         * {@code .gz} for a file the core gzips whole.
         */
        private String key(String name) {
            String extension = "." + sink.format().extension();
            String file = name.toLowerCase(Locale.ROOT).endsWith(extension) ? name : name + extension;
            if (sink.compression() == SinkSpec.Compression.GZ && sink.format().writtenByCore()
                    && !file.endsWith(".gz")) {
                file += ".gz";
            }
            return BucketAddress.literalPrefix(sink.prefix().keyPattern()) + file;
        }

        private boolean exists(String key) throws IOException {
            List<ObjectRef> found;
            try {
                found = store.list(ListRequest.firstPage(sink.prefix().bucket(), key, 1)).objects();
            } catch (java.io.FileNotFoundException e) {
                // A local folder that does not exist yet holds no object; the upload creates it.
                return false;
            }
            return found.stream().anyMatch(object -> object.key().equals(key));
        }

        List<String> commit() throws IOException {
            List<String> written = new ArrayList<>();
            for (Map.Entry<String, OpenFile> entry : open.entrySet()) {
                OpenFile file = entry.getValue();
                file.format().close();
                file.upload().commit();
                committedBytes += file.counting().count();
                written.add(sink.prefix().objectUri(entry.getKey()));
            }
            return written;
        }

        long bytes() {
            return committedBytes;
        }

        /** Abandons what was not committed; a failure to abandon one file does not keep the others. */
        @Override
        public void close() {
            for (OpenFile file : open.values()) {
                try {
                    file.upload().close();
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Could not abandon an unfinished export: {}", e.getMessage());
                }
            }
        }
    }

    private record OpenFile(ObjectUpload upload, CountingOutput counting, ExportFormat format) {}
}
