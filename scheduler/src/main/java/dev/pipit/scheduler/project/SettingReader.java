package dev.pipit.scheduler.project;

import dev.pipit.spi.config.SettingSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a data source's settings through their typed declarations ({@link DataSourceSettings}), reporting a bad
 * or missing value at its line in the style every setting's problems share. Enumerated values compare
 * case-insensitively, as Tinybird's do: {@code append} is {@code APPEND}, {@code 'False'} is false.
 */
final class SettingReader {
    private final Map<String, Setting> settings;
    private final List<Diagnostic> problems;

    SettingReader(Map<String, Setting> settings, List<Diagnostic> problems) {
        this.settings = settings;
        this.problems = problems;
    }

    Optional<Setting> get(SettingSpec<?> spec) {
        return Optional.ofNullable(settings.get(spec.name()));
    }

    /** The value set, else the default, else {@code null}; also {@code null} after reporting a bad value. */
    <T> T value(SettingSpec<T> spec) {
        Setting setting = settings.get(spec.name());
        String text = setting == null || setting.value().isBlank() ? spec.defaultValue() : setting.value();
        if (text == null) {
            return null;
        }
        Optional<String> problem = spec.problem(text);
        if (problem.isPresent()) {
            problems.add(Diagnostic.error(setting.location(), problem.get() + found(setting)));
            return null;
        }
        return spec.type().parse(text).orElseThrow();
    }

    /**
     * The value, or {@code null} after an error saying how to write it: at {@code fallback} when the setting is
     * missing, at its line when it is blank or bad.
     */
    <T> T required(SettingSpec<T> spec, Location fallback, String example) {
        Setting setting = settings.get(spec.name());
        if (setting == null || setting.value().isBlank()) {
            problems.add(Diagnostic.error(setting == null ? fallback : setting.location(), spec.name()
                    + " is required: add '" + spec.name() + " " + example + "' (" + spec.doc() + ")"));
            return null;
        }
        return value(spec);
    }

    /** " (found 'x')", or nothing when the value is sensitive and must not be shown. */
    static String found(Setting setting) {
        return setting.sensitive() ? "" : " (found '" + setting.value().strip() + "')";
    }
}
