package dev.pipit.plugin.kafka;

import dev.pipit.spi.Plugin;
import dev.pipit.spi.connector.ConnectorFactory;
import java.util.List;

/** Kafka topics ({@code TYPE kafka}), consumed continuously into tables. */
public final class KafkaPlugin implements Plugin {
    @Override
    public List<ConnectorFactory> connectors() {
        return List.of(new KafkaConnectorFactory());
    }
}
