package dev.pipit.scheduler.project;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code connections/NAME.connection} file.
 *
 * @param name the file name without {@code .connection}
 * @param type the {@code TYPE} value, lower case
 * @param typeLocation the {@code TYPE} line
 * @param settings every other key, upper case, in file order, values resolved; defaults not applied
 */
public record ConnectionDef(String name, String type, Location typeLocation, Map<String, Setting> settings) {
    public ConnectionDef {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(typeLocation, "typeLocation is null");
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(settings, "settings is null")));
    }

    /** The resolved values keyed by setting name, for the plugin. Holds secrets: never print it. */
    public Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        settings.forEach((key, setting) -> values.put(key, setting.value()));
        return values;
    }

    @Override
    public String toString() {
        return "ConnectionDef[" + name + ", type=" + type + ", settings=" + settings.values() + "]";
    }
}
