package dev.pipit.plugin.local;

import dev.pipit.spi.Plugin;
import dev.pipit.spi.connector.ConnectorFactory;
import java.util.List;

/** Folders on the daemon's own disk as buckets ({@code TYPE local}): an inbox that needs no cloud account. */
public final class LocalPlugin implements Plugin {
    @Override
    public List<ConnectorFactory> connectors() {
        return List.of(new LocalConnectorFactory());
    }
}
