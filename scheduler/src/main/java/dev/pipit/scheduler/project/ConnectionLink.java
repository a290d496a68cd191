package dev.pipit.scheduler.project;

import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.connector.ConnectorKind;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Checks that {@code IMPORT_CONNECTION_NAME} or {@code KAFKA_CONNECTION_NAME} names a connection that can feed it. */
final class ConnectionLink {
    /** What a data source may do with the connection it names. */
    enum Status {
        USABLE,
        /** The connection's type has no plugin: the data source is skipped with a warning, like the connection. */
        SKIPPED,
        /** Reported as an error. */
        BROKEN
    }

    private final PluginRegistry registry;
    private final Map<String, ConnectionDef> connections;

    /** @param connections every connection file of the project by name, including those of types without a plugin */
    ConnectionLink(PluginRegistry registry, Map<String, ConnectionDef> connections) {
        this.registry = registry;
        this.connections = connections;
    }

    /**
     * @param reference the {@code *_CONNECTION_NAME} setting
     * @param service the {@code IMPORT_SERVICE} setting, or {@code null}
     */
    Status check(Setting reference, ConnectorKind wanted, Setting service, List<Diagnostic> problems) {
        String name = reference.value().strip();
        ConnectionDef connection = connections.get(name);
        if (connection == null) {
            problems.add(Diagnostic.error(reference.location(), reference.key() + " names no connection: "
                    + name + " is not among " + (connections.isEmpty() ? "the project's connections (there are none)"
                            : String.join(", ", connections.keySet()))
                    + "; add connections/" + name + ".connection or correct the name"));
            return Status.BROKEN;
        }
        Optional<ConnectorFactory> factory = registry.connector(connection.type());
        if (factory.isEmpty()) {
            problems.add(Diagnostic.warning(reference.location(), "connection " + name + " has type "
                    + connection.type() + ", which no installed plugin serves; data source skipped"));
            return Status.SKIPPED;
        }
        if (factory.get().kind() != wanted) {
            String needed = wanted == ConnectorKind.STREAM ? "a stream (kafka)" : "an object store (s3, gcs, local)";
            problems.add(Diagnostic.error(reference.location(), reference.key() + " " + name + " is a "
                    + connection.type() + " connection, but " + reference.key() + " needs " + needed + " connection"));
            return Status.BROKEN;
        }
        if (service != null && !factory.get().importServices().contains(service.value().strip().toLowerCase(Locale.ROOT))) {
            problems.add(Diagnostic.error(service.location(), "IMPORT_SERVICE " + service.value().strip()
                    + " does not match connection " + name + " of type " + connection.type() + ": write IMPORT_SERVICE "
                    + String.join(" or ", factory.get().importServices()) + ", or leave IMPORT_SERVICE out"));
            return Status.BROKEN;
        }
        return Status.USABLE;
    }
}
