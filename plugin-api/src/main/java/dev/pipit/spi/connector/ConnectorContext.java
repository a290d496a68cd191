package dev.pipit.spi.connector;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.config.SettingSpec;
import java.util.Map;

/**
 * What the core hands a connector when it opens a connection.
 *
 * @param connectionName the {@code .connection} file's name, for messages ("connection 'landing_s3': access denied")
 * @param settings every declared setting with its resolved value or default, keyed by upper-case name; secrets
 *     included, so a connector must never put a value of this map into a message or a log line
 */
public record ConnectorContext(String connectionName, Map<String, String> settings) {
    public ConnectorContext {
        requireNonNull(connectionName, "connectionName is null");
        settings = Map.copyOf(requireNonNull(settings, "settings is null"));
    }

    /** The value of a setting, or {@code null} when it is unset and has no default. */
    public String setting(String name) {
        return settings.get(name);
    }

    /** The typed value of a setting this connector declared: the value set, else its default, else {@code null}. */
    public <T> T value(SettingSpec<T> setting) {
        return setting.valueIn(settings);
    }

    @Override
    public String toString() {
        // The settings hold secrets; only their names may appear in a log line.
        return "ConnectorContext[" + connectionName + ", settings=" + settings.keySet() + "]";
    }
}
