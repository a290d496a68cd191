package dev.pipit.scheduler.cli.connection;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.ConnectionDef;
import dev.pipit.scheduler.project.ConnectionSettings;
import dev.pipit.scheduler.project.Project;
import dev.pipit.spi.connector.ConnectorContext;
import dev.pipit.spi.connector.ConnectorFactory;

/**
 * A project's connection with the plugin that opens it, as the import and the Kafka consumers open theirs: the
 * plugin gets every declared setting with its resolved value or default. The commands that look at a connection
 * before anything is deployed ({@code connection test}, {@code datasource analyze}) open it through here.
 *
 * @param definition the {@code .connection} file
 * @param connector its type's plugin
 */
public record ProjectConnection(ConnectionDef definition, ConnectorFactory connector) {
    public ProjectConnection {
        requireNonNull(definition, "definition is null");
        requireNonNull(connector, "connector is null");
    }

    /**
     * @throws IllegalArgumentException naming the project's connections when it has none of that name, or when
     *     no installed plugin reads its type
     */
    public static ProjectConnection find(Project project, PluginRegistry plugins, String name) {
        ConnectionDef definition = project.connections().get(name);
        if (definition == null) {
            throw new IllegalArgumentException("no connection named '" + name + "' in " + project.root()
                    + "; its connections: " + project.connections().keySet());
        }
        ConnectorFactory connector = plugins.connector(definition.type()).orElseThrow(() ->
                new IllegalArgumentException("connection " + name + " has TYPE " + definition.type()
                        + ", which no installed plugin reads"));
        return new ProjectConnection(definition, connector);
    }

    public String name() {
        return definition.name();
    }

    /** What the plugin opens the connection with. Holds secrets: never print it. */
    public ConnectorContext context() {
        return new ConnectorContext(definition.name(), ConnectionSettings.effectiveSettings(definition, connector));
    }
}
