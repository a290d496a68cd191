package dev.pipit.scheduler.testutil;

import dev.pipit.spi.Plugin;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.format.FormatFactory;
import java.util.List;

/** A plugin offering exactly the factories it is given. */
public record FakePlugin(List<ConnectorFactory> connectors, List<FormatFactory> formats) implements Plugin {
    public FakePlugin {
        connectors = List.copyOf(connectors);
        formats = List.copyOf(formats);
    }

    public static FakePlugin ofConnectors(ConnectorFactory... connectors) {
        return new FakePlugin(List.of(connectors), List.of());
    }

    public static FakePlugin ofFormats(FormatFactory... formats) {
        return new FakePlugin(List.of(), List.of(formats));
    }
}
