package dev.pipit.spi.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/**
 * One setting a plugin accepts in a datafile, declared as data so the core can validate every file at once,
 * reject unknown keys and mask secrets without knowing the plugin.
 *
 * @param name the datafile key, upper case ({@code S3_REGION})
 * @param required whether a datafile must set it; a required setting has no default
 * @param secret whether the value is a credential: it is never printed, logged or stored
 * @param defaultValue the value used when the datafile does not set it, or {@code null} for none
 * @param allowedValues the only values accepted, compared case-insensitively; empty means any value
 * @param doc one sentence for {@code --help} and error messages
 */
public record SettingSpec(
        String name, boolean required, boolean secret, String defaultValue, List<String> allowedValues, String doc) {

    public SettingSpec {
        requireNonNull(name, "name is null");
        requireNonNull(doc, "doc is null");
        allowedValues = List.copyOf(requireNonNull(allowedValues, "allowedValues is null"));
        if (!name.equals(name.toUpperCase(Locale.ROOT)) || name.isBlank()) {
            throw new IllegalArgumentException("setting name must be upper case: " + name);
        }
        if (required && defaultValue != null) {
            throw new IllegalArgumentException("required setting " + name + " cannot have a default");
        }
    }

    /** Whether {@code value} is acceptable for this setting; any value is when no allowed values are declared. */
    public boolean accepts(String value) {
        return allowedValues.isEmpty() || allowedValues.stream().anyMatch(allowed -> allowed.equalsIgnoreCase(value));
    }
}
