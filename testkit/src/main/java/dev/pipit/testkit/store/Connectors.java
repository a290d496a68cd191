package dev.pipit.testkit.store;

import dev.pipit.spi.Plugin;
import dev.pipit.spi.config.SettingSpec;
import dev.pipit.spi.connector.ConnectorContext;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.connector.ObjectStore;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;

/** Opens a plugin's stores the way the core does: the plugin found by ServiceLoader, declared defaults filled in. */
public final class Connectors {
    private Connectors() {}

    /** The connector of {@code TYPE type} among the plugins on the class path. */
    public static ConnectorFactory connector(String type) {
        return ServiceLoader.load(Plugin.class).stream()
                .flatMap(provider -> provider.get().connectors().stream())
                .filter(factory -> factory.type().equals(type))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no connector of type " + type));
    }

    /** A store of {@code TYPE type} with {@code settings} and every other setting's default. */
    public static ObjectStore open(String type, String connectionName, Map<String, String> settings) {
        ConnectorFactory factory = connector(type);
        Map<String, String> effective = new HashMap<>();
        for (SettingSpec<?> setting : factory.settings().settings()) {
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
