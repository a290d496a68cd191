package dev.pipit.scheduler.project;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads typed values out of a data source's settings, reporting a bad value at its line. Enumerated values
 * compare case-insensitively, as Tinybird's do: {@code append} is {@code APPEND}, {@code 'False'} is false.
 */
final class SettingValues {
    private final Map<String, Setting> settings;
    private final List<Diagnostic> problems;

    SettingValues(Map<String, Setting> settings, List<Diagnostic> problems) {
        this.settings = settings;
        this.problems = problems;
    }

    /**
     * The same settings without those whose value is blank: Tinybird reads {@code KAFKA_KEY_AVRO_DESERIALIZATION ''}
     * as not set, and its exported projects write such lines.
     */
    SettingValues blankAsUnset() {
        Map<String, Setting> set = new LinkedHashMap<>();
        settings.forEach((key, setting) -> {
            if (!setting.value().isBlank()) {
                set.put(key, setting);
            }
        });
        return new SettingValues(set, problems);
    }

    Optional<Setting> get(String key) {
        return Optional.ofNullable(settings.get(key));
    }

    /** The value, or an error at {@code fallback} saying how to write it; {@code null} when missing. */
    String required(String key, Location fallback, String example) {
        Setting setting = settings.get(key);
        if (setting == null || setting.value().isBlank()) {
            problems.add(Diagnostic.error(setting == null ? fallback : setting.location(),
                    key + " is required: add '" + key + " " + example + "'"));
            return null;
        }
        return setting.value();
    }

    /** One of {@code allowed} in lower case, {@code defaultValue} when unset, {@code null} after an error. */
    String choice(String key, String defaultValue, String... allowed) {
        Setting setting = settings.get(key);
        if (setting == null) {
            return defaultValue;
        }
        for (String candidate : allowed) {
            if (candidate.equalsIgnoreCase(setting.value().strip())) {
                return candidate.toLowerCase(Locale.ROOT);
            }
        }
        problems.add(Diagnostic.error(setting.location(),
                key + " must be one of " + String.join(", ", allowed) + found(setting)));
        return null;
    }

    boolean flag(String key) {
        return "true".equals(choice(key, "false", "true", "false"));
    }

    /** " (found 'x')", or nothing when the value is sensitive and must not be shown. */
    static String found(Setting setting) {
        return setting.sensitive() ? "" : " (found '" + setting.value() + "')";
    }
}
