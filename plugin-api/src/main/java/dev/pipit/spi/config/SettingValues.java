package dev.pipit.spi.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Readings of setting values that several connectors share, so that {@code 10s} or an endpoint URL means the same
 * in every {@code .connection} file. Each returns empty for a value it cannot read; the caller reports the problem
 * by the setting's name. Since 0.1.
 */
public final class SettingValues {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m)");

    private SettingValues() {}

    /**
     * The value without surrounding blanks, or {@code null} when it is unset or blank: Tinybird projects write
     * {@code tb_secret("KEY", "")} for "not set here".
     */
    public static String orNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** A positive duration written as {@code 500ms}, {@code 10s} or {@code 2m}. */
    public static Optional<Duration> duration(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration duration = switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        };
        return duration.isZero() ? Optional.empty() : Optional.of(duration);
    }

    /** An {@code http://} or {@code https://} URL with a host; empty also when the value is unset. */
    public static Optional<URI> httpUrl(String text) {
        String value = orNull(text);
        if (value == null) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value);
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            return http && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** A whole number of at least 1. */
    public static OptionalInt positiveInt(String text) {
        try {
            int value = text == null ? 0 : Integer.parseInt(text.strip());
            return value >= 1 ? OptionalInt.of(value) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
