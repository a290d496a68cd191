package dev.pipit.scheduler.project;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.spi.connector.ConnectorContext;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.connector.ObjectStore;
import dev.pipit.spi.stream.RecordStream;
import dev.pipit.spi.stream.StreamField;
import dev.pipit.spi.stream.StreamSubscription;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /** Opens the connection's bucket for one run; the caller closes it. */
    public ObjectStore openObjectStore() {
        return connector.openObjectStore(context);
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
}
