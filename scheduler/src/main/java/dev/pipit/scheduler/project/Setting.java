package dev.pipit.scheduler.project;

import static java.util.Objects.requireNonNull;

/**
 * One {@code KEY value} line of a datafile, with its value resolved.
 *
 * @param key upper-case key
 * @param value the value with quotes removed and templates resolved
 * @param location where the key stands
 * @param sensitive whether the value must never be shown: it came from {@code tb_secret()} or the key is
 *     declared secret
 */
public record Setting(String key, String value, Location location, boolean sensitive) {
    public static final String MASK = "<masked>";

    public Setting {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
        requireNonNull(location, "location is null");
    }

    /** The value as it may be printed: {@link #MASK} when sensitive. */
    public String displayValue() {
        return sensitive ? MASK : value;
    }

    public Setting asSensitive() {
        return sensitive ? this : new Setting(key, value, location, true);
    }

    @Override
    public String toString() {
        return key + "=" + displayValue() + " @" + location;
    }
}
