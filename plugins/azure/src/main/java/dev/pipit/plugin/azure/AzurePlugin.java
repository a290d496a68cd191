package dev.pipit.plugin.azure;

import dev.pipit.spi.Plugin;
import dev.pipit.spi.connector.ConnectorFactory;
import java.util.List;

/** Azure Blob Storage containers ({@code TYPE azure}). */
public final class AzurePlugin implements Plugin {
    @Override
    public List<ConnectorFactory> connectors() {
        return List.of(new AzureConnectorFactory());
    }
}
