package dev.pipit.spi.config;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The settings a connector or format accepts, in declaration order. Immutable. */
public final class SettingsSpec {
    private final Map<String, SettingSpec> byName;

    private SettingsSpec(List<SettingSpec> settings) {
        Map<String, SettingSpec> map = new LinkedHashMap<>();
        for (SettingSpec setting : settings) {
            if (map.putIfAbsent(setting.name(), setting) != null) {
                throw new IllegalArgumentException("setting declared twice: " + setting.name());
            }
        }
        this.byName = map;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<SettingSpec> settings() {
        return List.copyOf(byName.values());
    }

    /** Looks a key up as Tinybird does: datafile keys are case-insensitive. */
    public Optional<SettingSpec> find(String name) {
        return Optional.ofNullable(byName.get(name.toUpperCase(Locale.ROOT)));
    }

    @Override
    public String toString() {
        return "SettingsSpec" + byName.keySet();
    }

    /** Builds a spec one setting at a time; each method names what kind of setting it declares. */
    public static final class Builder {
        private final List<SettingSpec> settings = new ArrayList<>();

        private Builder() {}

        public Builder required(String name, String doc) {
            return add(new SettingSpec(name, true, false, null, List.of(), doc));
        }

        public Builder requiredSecret(String name, String doc) {
            return add(new SettingSpec(name, true, true, null, List.of(), doc));
        }

        /** An optional setting; {@code defaultValue} may be {@code null} for "no default". */
        public Builder optional(String name, String defaultValue, String doc) {
            return add(new SettingSpec(name, false, false, defaultValue, List.of(), doc));
        }

        public Builder secret(String name, String doc) {
            return add(new SettingSpec(name, false, true, null, List.of(), doc));
        }

        /** An optional setting that takes one of {@code allowed}, compared case-insensitively. */
        public Builder choice(String name, String defaultValue, String doc, String... allowed) {
            return add(new SettingSpec(name, false, false, defaultValue, List.of(allowed), doc));
        }

        public Builder add(SettingSpec setting) {
            settings.add(requireNonNull(setting, "setting is null"));
            return this;
        }

        public SettingsSpec build() {
            return new SettingsSpec(settings);
        }
    }
}
