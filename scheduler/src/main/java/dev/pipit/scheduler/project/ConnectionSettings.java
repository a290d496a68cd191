package dev.pipit.scheduler.project;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.config.SettingProblem;
import dev.pipit.spi.config.SettingSpec;
import dev.pipit.spi.config.SettingsSpec;
import dev.pipit.spi.connector.ConnectorFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** A connection's settings seen through its plugin's declaration: the values it runs with, and what is wrong. */
public final class ConnectionSettings {
    private ConnectionSettings() {}

    /**
     * The settings a connector receives: every declared setting with the file's value or its declared default, in
     * declaration order; settings with neither are absent. Holds secrets: never print or log it.
     */
    public static Map<String, String> effectiveSettings(ConnectionDef connection, ConnectorFactory factory) {
        requireNonNull(connection, "connection is null");
        requireNonNull(factory, "factory is null");
        Map<String, String> effective = new LinkedHashMap<>();
        for (SettingSpec<?> spec : factory.settings().settings()) {
            Setting setting = connection.settings().get(spec.name());
            // A blank value is "not set" (Tinybird writes tb_secret("KEY", "") for that), so the default applies.
            String value = setting != null && !setting.value().isBlank() ? setting.value() : spec.defaultValue();
            if (value != null) {
                effective.put(spec.name(), value);
            }
        }
        return effective;
    }

    /**
     * Checks every setting against the declaration, then, when each passed, asks the plugin about the whole.
     *
     * @param unresolved keys the file sets whose value could not be resolved (already reported): they count as
     *     present, so that one missing secret is reported once and not again as a missing setting
     */
    static List<Diagnostic> validate(ConnectionDef connection, ConnectorFactory factory, Set<String> unresolved) {
        SettingsSpec declared = factory.settings();
        List<Diagnostic> problems = new ArrayList<>();
        for (Setting setting : connection.settings().values()) {
            declared.find(setting.key()).ifPresentOrElse(
                    spec -> checkValue(setting, spec).ifPresent(problems::add),
                    () -> problems.add(Diagnostic.error(setting.location(), unknownKeyMessage(setting.key(), connection, declared))));
        }
        for (SettingSpec<?> spec : declared.settings()) {
            Setting setting = connection.settings().get(spec.name());
            if (spec.required() && (setting == null || setting.value().isBlank()) && !unresolved.contains(spec.name())) {
                problems.add(Diagnostic.error(setting == null ? connection.typeLocation() : setting.location(),
                        spec.name() + " is required for " + connection.type() + " connections: add '" + spec.name()
                                + " value' (" + spec.doc() + ")"));
            }
        }
        if (!problems.isEmpty() || !unresolved.isEmpty()) {
            // The plugin is promised settings that each passed their declaration; it would only repeat these.
            return problems;
        }
        for (SettingProblem problem : factory.validate(effectiveSettings(connection, factory))) {
            Setting setting = problem.setting() == null ? null : connection.settings().get(problem.setting());
            Location location = setting != null ? setting.location() : connection.typeLocation();
            problems.add(Diagnostic.error(location, problem.message()));
        }
        return problems;
    }

    private static Optional<Diagnostic> checkValue(Setting setting, SettingSpec<?> spec) {
        // The value is echoed only when it may be shown; a secret's value never reaches a message.
        String found = setting.sensitive() || spec.secret() ? "" : " (found '" + setting.value().strip() + "')";
        return spec.problem(setting.value()).map(problem -> Diagnostic.error(setting.location(), problem + found));
    }

    private static String unknownKeyMessage(String key, ConnectionDef connection, SettingsSpec declared) {
        List<String> names = declared.names();
        String suggestion = ClosestName.suggestion(key, names);
        String known = suggestion.isEmpty()
                ? "; " + connection.type() + " connections take " + names.stream().collect(Collectors.joining(", "))
                : suggestion;
        return "unknown setting " + key + " for a " + connection.type() + " connection" + known;
    }
}
