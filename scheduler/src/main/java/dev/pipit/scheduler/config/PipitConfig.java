package dev.pipit.scheduler.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Pipit's configuration: {@code conf/scheduler.properties}, each key overridable by an environment variable
 * ({@code db.url} → {@code PIPIT_DB_URL}) and by a system property ({@code -Dpipit.db.url=...}). Frozen once
 * loaded; nothing changes it at runtime.
 */
public final class PipitConfig {
    /** Keys whose values are credentials: shown as {@code <masked>} by {@link #describe()}. */
    private static final Set<String> SECRET_KEYS = Set.of("db.password", "jmx.password", "http.password", "notify.webhook-url");

    private final Map<String, String> values;

    private PipitConfig(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /**
     * Loads the file (when it exists), then applies the environment and the system properties over it.
     *
     * @param file the properties file, or {@code null} for none
     */
    public static PipitConfig load(Path file, Map<String, String> environment, Properties systemProperties)
            throws IOException {
        Map<String, String> values = new TreeMap<>();
        if (file != null && Files.isRegularFile(file)) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key).trim()));
        }
        environment.forEach((name, value) -> {
            if (name.startsWith("PIPIT_") && !name.equals("PIPIT_JAVA_OPTS") && !name.equals("PIPIT_LOG_LEVEL")) {
                values.put(keyOfEnvironmentVariable(name), value);
            }
        });
        systemProperties.stringPropertyNames().stream()
                .filter(name -> name.startsWith("pipit.") && !name.equals("pipit.home") && !name.equals("pipit.conf"))
                .forEach(name -> values.put(name.substring("pipit.".length()), systemProperties.getProperty(name)));
        return new PipitConfig(values);
    }

    /** The configuration of the installation: {@code -Dpipit.conf} (set by bin/scheduler) or a given file. */
    public static PipitConfig loadDefault(Path explicitFile) throws IOException {
        Path file = explicitFile;
        if (file == null) {
            String confDir = System.getProperty("pipit.conf");
            file = confDir == null ? null : Path.of(confDir, "scheduler.properties");
        }
        return load(file, System.getenv(), System.getProperties());
    }

    public static PipitConfig of(Map<String, String> values) {
        return new PipitConfig(values);
    }

    /** {@code PIPIT_DB_URL} → {@code db.url}; {@code PIPIT_AUTO_MAX_FILES} → {@code auto.max-files}. */
    static String keyOfEnvironmentVariable(String name) {
        String rest = name.substring("PIPIT_".length()).toLowerCase(Locale.ROOT);
        int firstUnderscore = rest.indexOf('_');
        if (firstUnderscore < 0) {
            return rest;
        }
        // The first underscore separates the section, later ones stand for dashes inside the name.
        return rest.substring(0, firstUnderscore) + "." + rest.substring(firstUnderscore + 1).replace('_', '-');
    }

    public Optional<String> get(String key) {
        String value = values.get(key);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    public String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    public int getInt(String key, int defaultValue) {
        String value = get(key).orElse(null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value '" + value + "' for config '" + key + "': expected an integer");
        }
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        String value = get(key).orElse(null);
        if (value == null) {
            return defaultValue;
        }
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("Invalid value '" + value + "' for config '" + key + "': expected true or false");
        }
        return Boolean.parseBoolean(value);
    }

    /** A duration written as {@code 60s}, {@code 5m}, {@code 250ms} or ISO-8601 ({@code PT1M}). */
    public Duration getDuration(String key, Duration defaultValue) {
        String value = get(key).orElse(null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return parseDuration(value);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "Invalid value '" + value + "' for config '" + key + "': expected a duration such as 60s, 5m or 250ms");
        }
    }

    /** A size in bytes written as {@code 16MB}, {@code 512KB}, {@code 1GB} (powers of 1024) or a plain number. */
    public long getBytes(String key, long defaultValue) {
        String value = get(key).orElse(null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return parseBytes(value);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException("Invalid value '" + value + "' for config '" + key
                    + "': expected a size such as 16MB, 512KB or 1GB");
        }
    }

    static long parseBytes(String value) {
        String text = value.trim().toUpperCase(Locale.ROOT);
        int unitStart = text.length();
        while (unitStart > 0 && Character.isLetter(text.charAt(unitStart - 1))) {
            unitStart--;
        }
        long amount = Long.parseLong(text.substring(0, unitStart).trim());
        long unit = switch (text.substring(unitStart)) {
            case "", "B" -> 1L;
            case "K", "KB" -> 1L << 10;
            case "M", "MB" -> 1L << 20;
            case "G", "GB" -> 1L << 30;
            default -> throw new IllegalArgumentException(value);
        };
        if (amount < 0) {
            throw new IllegalArgumentException(value);
        }
        return Math.multiplyExact(amount, unit);
    }

    static Duration parseDuration(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.startsWith("pt")) {
            return Duration.parse(text);
        }
        if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2).trim()));
        }
        long amount = Long.parseLong(text.substring(0, text.length() - 1).trim());
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> throw new IllegalArgumentException(value);
        };
    }

    /** Returns a copy with {@code key} set, for command-line options that override the file. */
    public PipitConfig with(String key, String value) {
        Map<String, String> copy = new TreeMap<>(values);
        copy.put(requireNonNull(key, "key is null"), requireNonNull(value, "value is null"));
        return new PipitConfig(copy);
    }

    /** Every key with its value, secrets masked, for the start-up log. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(values).forEach((key, value) -> text.append(text.length() == 0 ? "" : ", ")
                .append(key).append('=').append(SECRET_KEYS.contains(key) && !value.isEmpty() ? "<masked>" : value));
        return text.toString();
    }

    @Override
    public String toString() {
        return "PipitConfig[" + describe() + "]";
    }
}
