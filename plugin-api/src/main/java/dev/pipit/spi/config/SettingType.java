package dev.pipit.spi.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a setting's text becomes a value, so that {@code 10s} or an endpoint URL means the same in every datafile.
 * Text arrives stripped of surrounding blanks and never blank: a blank value counts as not set.
 *
 * @param <T> the value's Java type
 */
public final class SettingType<T> {
    private static final Pattern DURATION_TEXT = Pattern.compile("(\\d{1,9})\\s*(ms|s|m)");

    /** Any text. */
    public static final SettingType<String> STRING = new SettingType<>("any text", Optional::of);

    /** {@code true} or {@code false}, in any case, as Tinybird writes them. */
    public static final SettingType<Boolean> BOOLEAN = new SettingType<>("one of true, false", SettingType::parseBoolean);

    /** A whole number. */
    public static final SettingType<Integer> INT = new SettingType<>("a whole number", SettingType::parseInt);

    /** A positive duration written as {@code 500ms}, {@code 10s} or {@code 2m}. */
    public static final SettingType<Duration> DURATION =
            new SettingType<>("a positive duration such as 10s, 500ms or 2m", SettingType::parseDuration);

    /** An {@code http://} or {@code https://} URL with a host. */
    public static final SettingType<URI> HTTP_URL =
            new SettingType<>("an http:// or https:// URL", SettingType::parseHttpUrl);

    private final String expectation;
    private final Function<String, Optional<T>> parser;

    private SettingType(String expectation, Function<String, Optional<T>> parser) {
        this.expectation = requireNonNull(expectation, "expectation is null");
        this.parser = requireNonNull(parser, "parser is null");
    }

    /**
     * A type of one's own, for values no shared type reads (a schedule, a timestamp).
     *
     * @param expectation what a valid value looks like, completing "NAME must be ...": {@code "@auto or @on-demand"}
     * @param parser the value for a text, or empty when the text is not one
     */
    public static <T> SettingType<T> of(String expectation, Function<String, Optional<T>> parser) {
        return new SettingType<>(expectation, parser);
    }

    /** One of {@code allowed}, compared case-insensitively; the value is the allowed spelling, as declared. */
    public static SettingType<String> oneOf(String... allowed) {
        List<String> values = List.of(allowed);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a choice needs at least one value");
        }
        String expectation = values.size() == 1 ? values.get(0)
                : "one of " + String.join(", ", values);
        return new SettingType<>(expectation, text -> values.stream().filter(text::equalsIgnoreCase).findFirst());
    }

    /** What a valid value looks like, completing "NAME must be ...". */
    public String expectation() {
        return expectation;
    }

    /** The value of {@code text}, or empty when it is not one of this type. */
    public Optional<T> parse(String text) {
        return text == null ? Optional.empty() : parser.apply(text.strip());
    }

    @Override
    public String toString() {
        return "SettingType[" + expectation + "]";
    }

    private static Optional<Boolean> parseBoolean(String text) {
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Optional.of(Boolean.parseBoolean(text.toLowerCase(Locale.ROOT)));
        }
        return Optional.empty();
    }

    private static Optional<Integer> parseInt(String text) {
        try {
            return Optional.of(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> parseDuration(String text) {
        Matcher matcher = DURATION_TEXT.matcher(text.toLowerCase(Locale.ROOT));
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

    private static Optional<URI> parseHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            return http && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
