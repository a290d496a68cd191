package dev.pipit.plugin.gcs.testutil;

import dev.pipit.spi.Plugin;
import dev.pipit.spi.config.SettingSpec;
import dev.pipit.spi.connector.ConnectorContext;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.connector.ObjectStore;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;

/** Opens stores the way the core does: the plugin found by ServiceLoader, declared defaults filled in. */
public final class GcsConnections {
    private GcsConnections() {}

    public static ConnectorFactory connector() {
        return ServiceLoader.load(Plugin.class).stream()
                .flatMap(provider -> provider.get().connectors().stream())
                .filter(factory -> factory.type().equals("gcs"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no connector of type gcs"));
    }

    /** A store of {@code TYPE gcs} with {@code settings} and every other setting's default. */
    public static ObjectStore open(String connectionName, Map<String, String> settings) {
        ConnectorFactory factory = connector();
        Map<String, String> effective = new HashMap<>();
        for (SettingSpec setting : factory.settings().settings()) {
            if (setting.defaultValue() != null) {
                effective.put(setting.name(), setting.defaultValue());
            }
        }
        effective.putAll(settings);
        if (!factory.validate(effective).isEmpty()) {
            throw new AssertionError("invalid settings: " + factory.validate(effective));
        }
        return factory.openObjectStore(new ConnectorContext(connectionName, effective));
    }
}
