package dev.pipit.scheduler.project;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.spi.connector.BucketAddress;
import dev.pipit.spi.connector.ConnectorContext;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.connector.NotificationSource;
import dev.pipit.spi.connector.ObjectStore;
import dev.pipit.spi.format.FormatFactory;
import dev.pipit.spi.format.RecordDecoder;
import dev.pipit.spi.stream.RecordStream;
import dev.pipit.spi.stream.StreamField;
import dev.pipit.spi.stream.StreamRecord;
import dev.pipit.spi.stream.StreamSubscription;
import dev.pipit.spi.stream.TopicWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A connection bound to the connector that serves its type: the one place where the core turns a connection's
 * settings into the context a connector opens stores and streams with. The context holds secrets; it prints only
 * the settings' names.
 */
public record ConnectorBinding(ConnectorFactory connector, ConnectorContext context) {
    public ConnectorBinding {
        requireNonNull(connector, "connector is null");
        requireNonNull(context, "context is null");
    }

    /** The binding, or empty when no installed plugin serves the connection's type. */
    public static Optional<ConnectorBinding> find(ConnectionDef connection, PluginRegistry plugins) {
        return plugins.connector(connection.type()).map(connector -> new ConnectorBinding(connector,
                new ConnectorContext(connection.name(), ConnectionSettings.effectiveSettings(connection, connector))));
    }

    /**
     * @throws IllegalStateException when no installed plugin serves the connection's type; a loaded project has
     *     none such in use, so this means the plugins changed under a running project
     */
    public static ConnectorBinding of(ConnectionDef connection, PluginRegistry plugins) {
        return find(connection, plugins).orElseThrow(() -> new IllegalStateException(
                "connection type " + connection.type() + " has no plugin installed"));
    }

    /**
     * The binding of the project's connection {@code name}, for commands a person points at a connection.
     *
     * @throws IllegalArgumentException naming the project's connections when it has none of that name, or when no
     *     installed plugin reads its type
     */
    public static ConnectorBinding named(Project project, PluginRegistry plugins, String name) {
        ConnectionDef connection = project.connections().get(name);
        if (connection == null) {
            throw new IllegalArgumentException("no connection named '" + name + "' in " + project.root()
                    + "; its connections: " + project.connections().keySet());
        }
        return find(connection, plugins).orElseThrow(() -> new IllegalArgumentException("connection " + name
                + " has TYPE " + connection.type() + ", which no installed plugin reads"));
    }

    public String connectionName() {
        return context.connectionName();
    }

    /**
     * A bucket URI a person typed, read by the connector as {@code IMPORT_BUCKET_URI} is at project load: its
     * scheme must be one the connector declares.
     *
     * @throws IllegalArgumentException with what to write instead
     */
    public BucketAddress bucketAddress(String uri, Path projectFolder) {
        int separator = uri.indexOf("://");
        String scheme = separator <= 0 ? "" : uri.substring(0, separator).toLowerCase(Locale.ROOT);
        List<String> schemes = connector.uriSchemes();
        if (!schemes.contains(scheme)) {
            throw new IllegalArgumentException("connection " + connectionName() + " of type " + connector.type()
                    + (schemes.isEmpty() ? " lists no bucket" : " reads " + String.join("://, ", schemes)
                            + ":// URIs") + ", not '" + uri + "'");
        }
        return connector.bucketAddress(uri, projectFolder);
    }

    /** Opens the connection's bucket for one run; the caller closes it. */
    public ObjectStore openObjectStore() {
        return connector.openObjectStore(context);
    }

    /** Starts producing to a topic for one sink run; the caller closes the writer. */
    public TopicWriter openTopicWriter(String topic) {
        return connector.openTopicWriter(context, topic);
    }

    /** Opens the notification queue an {@code IMPORT_NOTIFICATIONS} names; the caller closes it. */
    public NotificationSource openNotifications(String queue) {
        return connector.openNotifications(context, queue);
    }

    /** Subscribes to a topic; the caller closes the stream. */
    public RecordStream openStream(StreamSubscription subscription) {
        return connector.openStream(context, subscription);
    }

    /** The top-level fields the topic's values declare, for a data source without {@code SCHEMA}. */
    public List<StreamField> valueFields(StreamSubscription subscription) {
        return connector.valueFields(context, subscription);
    }

    /** The offset after the last message of every partition of {@code topic}. */
    public Map<Integer, Long> endOffsets(String topic) {
        return connector.endOffsets(context, topic);
    }

    /**
     * How the connector's messages' values are decoded: by the format it names, one value being one record. The
     * stream's consumers and {@code datasource analyze} read them alike.
     *
     * @throws IllegalStateException when the connector names no format, no installed plugin reads it, or it cannot
     *     read a record on its own
     */
    public RecordDecoder messageDecoder(PluginRegistry plugins) {
        String type = connector.type();
        String name = connector.messageFormat().orElseThrow(() -> new IllegalStateException(
                "connection type " + type + " names no format for its messages"));
        FormatFactory format = plugins.format(name).orElseThrow(() -> new IllegalStateException("connection type "
                + type + " decodes its messages with the " + name + " format, and no installed plugin reads it"));
        return format.recordDecoder().orElseThrow(() -> new IllegalStateException("connection type " + type
                + " decodes its messages with the " + name + " format, which cannot read a record on its own"));
    }

    /** Up to {@code maxRecords} of a topic's first messages, read without joining a group or committing. */
    public List<StreamRecord> sample(String topic, int maxRecords, Duration timeout) {
        return connector.sample(context, topic, maxRecords, timeout);
    }

    /** The topics the connection may see. */
    public Set<String> topics() {
        return connector.topics(context);
    }
}
