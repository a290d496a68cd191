package dev.pipit.scheduler.project;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One {@code {{ Type(name, default) }}} in a node's SQL.
 *
 * @param name the parameter's name, as {@code --param name=value} sets it
 * @param type what values it takes
 * @param defaultValue the value used when a run passes none; a scheduled run always uses it
 */
public record TemplateParameter(String name, ParameterType type, Optional<String> defaultValue) {
    public TemplateParameter {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(defaultValue, "defaultValue is null");
    }
}
