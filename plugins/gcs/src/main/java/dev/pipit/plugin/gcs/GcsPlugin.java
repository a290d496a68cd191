package dev.pipit.plugin.gcs;

import dev.pipit.spi.Plugin;
import dev.pipit.spi.connector.ConnectorFactory;
import java.util.List;

/** Google Cloud Storage buckets ({@code TYPE gcs}). */
public final class GcsPlugin implements Plugin {
    @Override
    public List<ConnectorFactory> connectors() {
        return List.of(new GcsConnectorFactory());
    }
}
