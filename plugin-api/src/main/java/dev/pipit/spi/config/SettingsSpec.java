package dev.pipit.spi.config;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The settings a connector (or the core, for a data source) accepts, in declaration order. Immutable. */
public final class SettingsSpec {
    private final Map<String, SettingSpec<?>> byName;

    private SettingsSpec(List<SettingSpec<?>> settings) {
        Map<String, SettingSpec<?>> map = new LinkedHashMap<>();
        for (SettingSpec<?> setting : settings) {
            requireNonNull(setting, "setting is null");
            if (map.putIfAbsent(setting.name(), setting) != null) {
                throw new IllegalArgumentException("setting declared twice: " + setting.name());
            }
        }
        this.byName = map;
    }

    /** @throws IllegalArgumentException if two settings have the same name */
    public static SettingsSpec of(SettingSpec<?>... settings) {
        return of(List.of(settings));
    }

    /** @throws IllegalArgumentException if two settings have the same name */
    public static SettingsSpec of(List<SettingSpec<?>> settings) {
        return new SettingsSpec(List.copyOf(settings));
    }

    public List<SettingSpec<?>> settings() {
        return List.copyOf(byName.values());
    }

    /** Looks a key up as Tinybird does: datafile keys are case-insensitive. */
    public Optional<SettingSpec<?>> find(String name) {
        return Optional.ofNullable(byName.get(name.toUpperCase(Locale.ROOT)));
    }

    /** The names of the settings, in declaration order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    @Override
    public String toString() {
        return "SettingsSpec" + byName.keySet();
    }
}
