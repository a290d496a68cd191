package dev.pipit.scheduler.project;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.spi.connector.BucketAddress;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.connector.ConnectorKind;
import dev.pipit.spi.format.FormatFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a {@code .pipe} file into a {@link PipeDef}. Sink and copy pipes are scheduled jobs and load; endpoint and
 * materialized pipes serve Tinybird's API and its ClickHouse tables and are skipped with a warning.
 */
final class PipeLoader {
    /** The keys that come once per node rather than once per file. */
    static final Set<String> NODE_KEYS = Set.of("NODE", "SQL", "DESCRIPTION");

    private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final List<String> SINK_KEYS = List.of("EXPORT_CONNECTION_NAME", "EXPORT_BUCKET_URI",
            "EXPORT_FILE_TEMPLATE", "EXPORT_FORMAT", "EXPORT_COMPRESSION", "EXPORT_SCHEDULE", "EXPORT_STRATEGY",
            "EXPORT_WRITE_STRATEGY", "EXPORT_KAFKA_TOPIC");
    private static final List<String> COPY_KEYS = List.of("TARGET_DATASOURCE", "COPY_SCHEDULE", "COPY_MODE");
    /** Tinybird keys of other pipe types or of its API, accepted and meaningless here. */
    private static final List<String> IGNORED_KEYS = List.of("TAGS", "DATASOURCE", "CACHE", "DEPLOYMENT_METHOD");

    private final PluginRegistry registry;

    PipeLoader(PluginRegistry registry) {
        this.registry = requireNonNull(registry, "registry is null");
    }

    Optional<PipeDef> load(String name, Datafile datafile, Map<String, ConnectionDef> connections,
            Set<String> dataSources, Path root, List<Diagnostic> problems) {
        int before = problems.size();
        Location fileLocation = Location.ofFile(datafile.file());
        Optional<Datafile.Entry> type = datafile.entry("TYPE");
        String kind = type.map(entry -> entry.value().strip().toUpperCase(Locale.ROOT)).orElse("ENDPOINT");
        if (!kind.equals("SINK") && !kind.equals("COPY")) {
            if (!kind.equals("ENDPOINT") && !kind.equals("MATERIALIZED")) {
                problems.add(Diagnostic.error(type.orElseThrow().location(), "TYPE must be SINK, COPY, ENDPOINT or "
                        + "MATERIALIZED (found '" + type.orElseThrow().value() + "')"));
                return Optional.empty();
            }
            problems.add(Diagnostic.warning(fileLocation, "pipes are not run by Pipit unless TYPE SINK or TYPE COPY; "
                    + "skipped (TYPE " + kind + " serves queries: run it in your database)"));
            return Optional.empty();
        }
        List<PipeNode> nodes = nodes(datafile, problems);
        checkKeys(datafile, kind, problems);
        Optional<SinkSpec> sink = Optional.empty();
        Optional<TopicSinkSpec> topicSink = Optional.empty();
        Optional<CopySpec> copy = Optional.empty();
        String scheduleKey = kind.equals("SINK") ? "EXPORT_SCHEDULE" : "COPY_SCHEDULE";
        Optional<String> cron = schedule(datafile, scheduleKey, problems);
        if (kind.equals("SINK") && datafile.entry("EXPORT_KAFKA_TOPIC").isPresent()) {
            topicSink = topicSink(datafile, connections, problems);
        } else if (kind.equals("SINK")) {
            sink = sink(datafile, connections, root, problems);
        } else {
            copy = copy(datafile, dataSources, problems);
        }
        if (nodes.isEmpty() && problems.size() == before) {
            problems.add(Diagnostic.error(fileLocation, "a pipe needs a node: write 'NODE name' and an indented "
                    + "'SQL >' block below it"));
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        PipeDef pipe = new PipeDef(name, datafile.file(), nodes, cron, sink, topicSink, copy);
        if (cron.isPresent()) {
            for (TemplateParameter parameter : pipe.parameters()) {
                if (parameter.defaultValue().isEmpty()) {
                    problems.add(Diagnostic.error(datafile.entry(scheduleKey).orElseThrow().location(),
                            "a scheduled pipe gives every parameter a default, and " + parameter.name()
                                    + " has none: write {{ " + typeName(parameter.type()) + "(" + parameter.name()
                                    + ", ...) }} with a default, or schedule it @on-demand"));
                    return Optional.empty();
                }
            }
        }
        return Optional.of(pipe);
    }

    private static List<PipeNode> nodes(Datafile datafile, List<Diagnostic> problems) {
        List<PipeNode> nodes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Datafile.Entry node = null;
        boolean hasSql = false;
        for (Datafile.Entry entry : datafile.entries()) {
            if (entry.key().equals("NODE")) {
                if (node != null && !hasSql) {
                    problems.add(Diagnostic.error(node.location(), "node " + node.value() + " has no SQL: write an "
                            + "indented 'SQL >' block below it"));
                }
                node = entry;
                hasSql = false;
                String name = entry.value().strip();
                if (!NODE_NAME.matcher(name).matches()) {
                    problems.add(Diagnostic.error(entry.location(), "node name " + name + " must be a letter or _ "
                            + "followed by letters, digits or _: later nodes select from it by name"));
                } else if (!names.add(name.toLowerCase(Locale.ROOT))) {
                    problems.add(Diagnostic.error(entry.location(), "node " + name + " is defined twice; rename one"));
                }
            } else if (entry.key().equals("SQL")) {
                if (node == null) {
                    problems.add(Diagnostic.error(entry.location(), "SQL outside a node: write 'NODE name' above it"));
                    continue;
                }
                if (hasSql) {
                    problems.add(Diagnostic.error(entry.location(), "node " + node.value() + " has two SQL blocks; "
                            + "keep one, or start a new node with 'NODE name'"));
                    continue;
                }
                hasSql = true;
                if (!entry.isBlock() || entry.value().isBlank()) {
                    problems.add(Diagnostic.error(entry.location(), "write the node's SQL as an indented block: "
                            + "'SQL >' and the query on the lines below it"));
                    continue;
                }
                try {
                    nodes.add(new PipeNode(node.value().strip(), SqlTemplate.parse(entry.value()), node.location()));
                } catch (IllegalArgumentException e) {
                    problems.add(Diagnostic.error(entry.location(), "node " + node.value().strip() + ": "
                            + e.getMessage()));
                }
            }
        }
        if (node != null && !hasSql) {
            problems.add(Diagnostic.error(node.location(), "node " + node.value() + " has no SQL: write an "
                    + "indented 'SQL >' block below it"));
        }
        return nodes;
    }

    private static void checkKeys(Datafile datafile, String kind, List<Diagnostic> problems) {
        List<String> own = kind.equals("SINK") ? SINK_KEYS : COPY_KEYS;
        List<String> other = kind.equals("SINK") ? COPY_KEYS : SINK_KEYS;
        List<String> known = new ArrayList<>(own);
        known.addAll(NODE_KEYS);
        known.add("TYPE");
        known.addAll(IGNORED_KEYS);
        for (Datafile.Entry entry : datafile.entries()) {
            if (known.contains(entry.key())) {
                continue;
            }
            if (other.contains(entry.key())) {
                problems.add(Diagnostic.error(entry.location(), entry.key() + " belongs to "
                        + (kind.equals("SINK") ? "copy" : "sink") + " pipes, and this is a TYPE " + kind
                        + " pipe; remove it"));
            } else if (entry.key().equals("INCLUDE")) {
                problems.add(Diagnostic.error(entry.location(), "INCLUDE is not supported: copy the included "
                        + "nodes into this file"));
            } else {
                problems.add(Diagnostic.error(entry.location(), "unknown setting " + entry.key() + " in a "
                        + kind.toLowerCase(Locale.ROOT) + " pipe" + ClosestName.suggestion(entry.key(), known)));
            }
        }
    }

    private static Optional<String> schedule(Datafile datafile, String key, List<Diagnostic> problems) {
        Optional<Datafile.Entry> entry = datafile.entry(key);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        try {
            return CronSchedule.parse(entry.get().value());
        } catch (IllegalArgumentException e) {
            problems.add(Diagnostic.error(entry.get().location(), key + ": " + e.getMessage()));
            return Optional.empty();
        }
    }

    private Optional<SinkSpec> sink(Datafile datafile, Map<String, ConnectionDef> connections, Path root,
            List<Diagnostic> problems) {
        Optional<Datafile.Entry> connectionEntry = required(datafile, "EXPORT_CONNECTION_NAME", "my_s3", problems);
        Optional<Datafile.Entry> uri = required(datafile, "EXPORT_BUCKET_URI", "s3://bucket/exports/", problems);
        Optional<Datafile.Entry> template = required(datafile, "EXPORT_FILE_TEMPLATE", "events_{date}", problems);
        SinkSpec.Format format = choice(datafile, "EXPORT_FORMAT", SinkSpec.Format.CSV, problems,
                value -> switch (value) {
                    case "csv" -> SinkSpec.Format.CSV;
                    case "ndjson", "json" -> SinkSpec.Format.NDJSON;
                    case "parquet" -> SinkSpec.Format.PARQUET;
                    default -> null;
                }, "csv, ndjson or parquet");
        if (format != null && !format.writtenByCore()
                && registry.format(format.extension()).filter(FormatFactory::writes).isEmpty()) {
            problems.add(Diagnostic.error(datafile.entry("EXPORT_FORMAT").orElseThrow().location(), "EXPORT_FORMAT "
                    + format.extension() + " needs the " + format.extension() + " plugin, which is not installed "
                    + "(plugins/" + format.extension() + "/)"));
            format = null;
        }
        SinkSpec.Compression compression = choice(datafile, "EXPORT_COMPRESSION", SinkSpec.Compression.NONE,
                problems, value -> switch (value) {
                    case "none", "" -> SinkSpec.Compression.NONE;
                    case "gz", "gzip" -> SinkSpec.Compression.GZ;
                    default -> null;
                }, "none or gz");
        String strategyKey = datafile.entry("EXPORT_STRATEGY").isPresent()
                ? "EXPORT_STRATEGY" : "EXPORT_WRITE_STRATEGY";
        SinkSpec.Strategy strategy = choice(datafile, strategyKey, SinkSpec.Strategy.NEW, problems,
                value -> switch (value) {
                    case "@new", "new", "create_new" -> SinkSpec.Strategy.NEW;
                    case "truncate", "@truncate", "replace" -> SinkSpec.Strategy.TRUNCATE;
                    default -> null;
                }, "new or truncate");
        if (connectionEntry.isEmpty() || uri.isEmpty() || template.isEmpty()) {
            return Optional.empty();
        }
        String connectionName = connectionEntry.get().value().strip();
        ConnectionDef connection = connections.get(connectionName);
        if (connection == null) {
            problems.add(Diagnostic.error(connectionEntry.get().location(), "EXPORT_CONNECTION_NAME names no "
                    + "connection: " + connectionName + ClosestName.suggestion(connectionName, connections.keySet())));
            return Optional.empty();
        }
        Optional<ConnectorFactory> connector = registry.connector(connection.type());
        if (connector.isEmpty()) {
            return Optional.empty();
        }
        Optional<BucketAddress> prefix = prefix(uri.get(), connectionName, connector.get(), root, problems);
        if (prefix.isEmpty() || format == null || compression == null || strategy == null) {
            return Optional.empty();
        }
        if (template.get().value().contains("/..") || template.get().value().startsWith("..")) {
            problems.add(Diagnostic.error(template.get().location(), "EXPORT_FILE_TEMPLATE may not lead out of "
                    + "EXPORT_BUCKET_URI with '..'"));
            return Optional.empty();
        }
        return Optional.of(new SinkSpec(connectionName, prefix.get(), template.get().value().strip(), format,
                compression, strategy));
    }

    /** A Kafka sink: a stream connection and a topic; the bucket settings have no meaning there. */
    private Optional<TopicSinkSpec> topicSink(Datafile datafile, Map<String, ConnectionDef> connections,
            List<Diagnostic> problems) {
        for (String bucketKey : List.of("EXPORT_BUCKET_URI", "EXPORT_FILE_TEMPLATE", "EXPORT_FORMAT",
                "EXPORT_COMPRESSION", "EXPORT_STRATEGY", "EXPORT_WRITE_STRATEGY")) {
            datafile.entry(bucketKey).ifPresent(entry -> problems.add(Diagnostic.error(entry.location(), bucketKey
                    + " belongs to sinks that write files; a Kafka sink (EXPORT_KAFKA_TOPIC) sends one JSON message "
                    + "per row: remove it")));
        }
        Datafile.Entry topic = datafile.entry("EXPORT_KAFKA_TOPIC").orElseThrow();
        Optional<Datafile.Entry> connectionEntry = required(datafile, "EXPORT_CONNECTION_NAME", "my_kafka", problems);
        if (topic.value().isBlank()) {
            problems.add(Diagnostic.error(topic.location(), "EXPORT_KAFKA_TOPIC is empty: name the topic"));
            return Optional.empty();
        }
        if (connectionEntry.isEmpty()) {
            return Optional.empty();
        }
        String connectionName = connectionEntry.get().value().strip();
        ConnectionDef connection = connections.get(connectionName);
        if (connection == null) {
            problems.add(Diagnostic.error(connectionEntry.get().location(), "EXPORT_CONNECTION_NAME names no "
                    + "connection: " + connectionName + ClosestName.suggestion(connectionName, connections.keySet())));
            return Optional.empty();
        }
        Optional<ConnectorFactory> connector = registry.connector(connection.type());
        if (connector.isPresent() && connector.get().kind() != ConnectorKind.STREAM) {
            problems.add(Diagnostic.error(connectionEntry.get().location(), "EXPORT_KAFKA_TOPIC needs a kafka "
                    + "connection, and " + connectionName + " is of type " + connection.type()
                    + " (to write files there, set EXPORT_BUCKET_URI and EXPORT_FILE_TEMPLATE instead)"));
            return Optional.empty();
        }
        return connector.map(found -> new TopicSinkSpec(connectionName, topic.value().strip()));
    }

    /**
     * The export prefix as the connector reads it. A connector reads key patterns; the prefix plus {@code *} is
     * one whose literal part is the prefix, so every connector's own URI rules (a local folder relative to the
     * project, an Azure account in the host) apply unchanged.
     */
    private static Optional<BucketAddress> prefix(Datafile.Entry uri, String connection, ConnectorFactory connector,
            Path root, List<Diagnostic> problems) {
        String text = uri.value().strip();
        int separator = text.indexOf("://");
        String scheme = separator <= 0 ? "" : text.substring(0, separator).toLowerCase(Locale.ROOT);
        if (!connector.uriSchemes().contains(scheme)) {
            problems.add(Diagnostic.error(uri.location(), "EXPORT_BUCKET_URI must start with "
                    + String.join(" or ", connector.uriSchemes().stream().map(known -> known + "://").toList())
                    + " for connection " + connection + " of type " + connector.type() + " (found '" + text + "')"));
            return Optional.empty();
        }
        String folder = text.endsWith("/") ? text : text + "/";
        try {
            return Optional.of(connector.bucketAddress(folder + "*", root));
        } catch (IllegalArgumentException e) {
            problems.add(Diagnostic.error(uri.location(), "EXPORT_BUCKET_URI cannot be read: " + e.getMessage()));
            return Optional.empty();
        }
    }

    private static Optional<CopySpec> copy(Datafile datafile, Set<String> dataSources, List<Diagnostic> problems) {
        Optional<Datafile.Entry> target = required(datafile, "TARGET_DATASOURCE", "my_datasource", problems);
        CopySpec.Mode mode = choice(datafile, "COPY_MODE", CopySpec.Mode.APPEND, problems, value -> switch (value) {
            case "append", "" -> CopySpec.Mode.APPEND;
            case "replace" -> CopySpec.Mode.REPLACE;
            default -> null;
        }, "append or replace");
        if (target.isEmpty() || mode == null) {
            return Optional.empty();
        }
        String name = target.get().value().strip();
        if (!dataSources.contains(name)) {
            problems.add(Diagnostic.error(target.get().location(), "TARGET_DATASOURCE names no data source: " + name
                    + ClosestName.suggestion(name, dataSources) + "; add datasources/" + name + ".datasource with "
                    + "the columns the pipe selects"));
            return Optional.empty();
        }
        return Optional.of(new CopySpec(name, mode));
    }

    private static Optional<Datafile.Entry> required(Datafile datafile, String key, String example,
            List<Diagnostic> problems) {
        Optional<Datafile.Entry> entry = datafile.entry(key);
        if (entry.isEmpty()) {
            problems.add(Diagnostic.error(Location.ofFile(datafile.file()), key + " is missing: write '" + key + " "
                    + example + "'"));
        }
        return entry;
    }

    private static <T> T choice(Datafile datafile, String key, T fallback, List<Diagnostic> problems,
            java.util.function.Function<String, T> reader, String allowed) {
        Optional<Datafile.Entry> entry = datafile.entry(key);
        if (entry.isEmpty()) {
            return fallback;
        }
        T value = reader.apply(entry.get().value().strip().toLowerCase(Locale.ROOT));
        if (value == null) {
            problems.add(Diagnostic.error(entry.get().location(), key + " must be " + allowed + " (found '"
                    + entry.get().value() + "')"));
        }
        return value;
    }

    private static String typeName(ParameterType type) {
        return switch (type) {
            case STRING -> "String";
            case INTEGER -> "Int64";
            case FLOAT -> "Float64";
            case BOOLEAN -> "Boolean";
            case DATE -> "Date";
            case DATETIME -> "DateTime";
        };
    }
}
