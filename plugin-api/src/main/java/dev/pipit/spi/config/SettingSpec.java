package dev.pipit.spi.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One setting a datafile may write, declared as data so the core can check every file at once, reject unknown
 * keys, report a bad value at its line and mask secrets without knowing the plugin; and so the plugin reads the
 * value it declared, typed, with {@link #valueIn}. Modelled on Kafka's {@code ConfigDef.define}, with a builder
 * in place of its overloads:
 *
 * <pre>{@code
 * static final SettingSpec<Integer> MAX_ATTEMPTS = SettingSpec.integer("S3_MAX_ATTEMPTS")
 *         .defaultValue("3")
 *         .validator(SettingValidator.atLeast(1))
 *         .doc("Attempts per request.")
 *         .build();
 * }</pre>
 *
 * <p>A blank value counts as not set, as in Tinybird projects, which write {@code tb_secret("KEY", "")} for that.
 *
 * @param <T> the value's Java type
 */
public final class SettingSpec<T> {
    private final String name;
    private final SettingType<T> type;
    private final boolean required;
    private final boolean secret;
    private final String defaultValue;
    private final SettingValidator<? super T> validator;
    private final String doc;
    private final boolean suggested;
    private final String flag;

    private SettingSpec(Builder<T> builder) {
        this.name = builder.name;
        this.type = builder.type;
        this.required = builder.required;
        this.secret = builder.secret;
        this.defaultValue = builder.defaultValue;
        this.validator = builder.validator;
        this.doc = builder.doc;
        this.suggested = builder.suggested;
        this.flag = builder.flag;
        if (doc == null || doc.isBlank()) {
            throw new IllegalArgumentException("setting " + name + " has no doc");
        }
        if (required && defaultValue != null) {
            throw new IllegalArgumentException("required setting " + name + " cannot have a default");
        }
        if (defaultValue != null && problem(defaultValue).isPresent()) {
            throw new IllegalArgumentException("the default of " + name + " is not valid: " + problem(defaultValue).get());
        }
    }

    /** Any text. */
    public static Builder<String> string(String name) {
        return of(name, SettingType.STRING);
    }

    /** {@code true} or {@code false}. */
    public static Builder<Boolean> bool(String name) {
        return of(name, SettingType.BOOLEAN);
    }

    /** A whole number. */
    public static Builder<Integer> integer(String name) {
        return of(name, SettingType.INT);
    }

    /** A duration such as {@code 10s}. */
    public static Builder<Duration> duration(String name) {
        return of(name, SettingType.DURATION);
    }

    /** An {@code http(s)://} URL. */
    public static Builder<URI> httpUrl(String name) {
        return of(name, SettingType.HTTP_URL);
    }

    /** One of {@code allowed}, compared case-insensitively. */
    public static Builder<String> oneOf(String name, String... allowed) {
        return of(name, SettingType.oneOf(allowed));
    }

    /** A setting of any type, such as one made with {@link SettingType#of}. */
    public static <T> Builder<T> of(String name, SettingType<T> type) {
        return new Builder<>(name, type);
    }

    /** The datafile key, upper case ({@code S3_REGION}). */
    public String name() {
        return name;
    }

    public SettingType<T> type() {
        return type;
    }

    /** Whether a datafile must set it; a required setting has no default. */
    public boolean required() {
        return required;
    }

    /** Whether the value is a credential: it is never printed, logged or stored. */
    public boolean secret() {
        return secret;
    }

    /** The text used when the datafile does not set it, or {@code null} for none. */
    public String defaultValue() {
        return defaultValue;
    }

    /** One sentence for {@code --help} and error messages. */
    public String doc() {
        return doc;
    }

    /**
     * Whether {@code connection create} writes it even when it is optional, because the usual connection of the
     * type sets it: a secret as a {@code tb_secret()} placeholder ({@code S3_ACCESS_KEY}), any other by asking.
     */
    public boolean suggested() {
        return suggested;
    }

    /** The {@code connection create} option that sets it, without dashes ({@code region}), if it has one. */
    public Optional<String> flag() {
        return Optional.ofNullable(flag);
    }

    /** What a valid value looks like, completing "NAME must be ...". */
    public String expectation() {
        return validator != null ? validator.expectation() : type.expectation();
    }

    /**
     * What is wrong with a value written in a datafile, as "NAME must be ..."; empty when it is valid or blank.
     * The message never contains the value: the caller adds it where it may be shown.
     */
    public Optional<String> problem(String text) {
        if (isBlank(text)) {
            return Optional.empty();
        }
        Optional<T> value = type.parse(text);
        if (value.isPresent() && (validator == null || validator.test().test(value.get()))) {
            return Optional.empty();
        }
        return Optional.of(name + " must be " + expectation());
    }

    /**
     * The typed value in a connector's settings ({@link dev.pipit.spi.connector.ConnectorContext#settings()}):
     * the value set, else the default, else {@code null}.
     *
     * @throws IllegalArgumentException if the value is not valid; the core checks every value before a plugin
     *     sees it, so this only happens to settings read from elsewhere
     */
    public T valueIn(Map<String, String> settings) {
        String text = settings.get(name);
        if (isBlank(text)) {
            text = defaultValue;
        }
        if (text == null) {
            return null;
        }
        String checked = text;
        problem(checked).ifPresent(message -> {
            throw new IllegalArgumentException(message);
        });
        return type.parse(checked).orElseThrow();
    }

    @Override
    public String toString() {
        return "SettingSpec[" + name + "]";
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    /** Declares a setting one property at a time; {@link #doc} is the one property every setting needs. */
    public static final class Builder<T> {
        private final String name;
        private final SettingType<T> type;
        private boolean required;
        private boolean secret;
        private String defaultValue;
        private SettingValidator<? super T> validator;
        private String doc;
        private boolean suggested;
        private String flag;

        private Builder(String name, SettingType<T> type) {
            this.name = requireNonNull(name, "name is null");
            this.type = requireNonNull(type, "type is null");
            if (name.isBlank() || !name.equals(name.toUpperCase(Locale.ROOT))) {
                throw new IllegalArgumentException("setting name must be upper case: " + name);
            }
        }

        public Builder<T> required() {
            this.required = true;
            return this;
        }

        public Builder<T> secret() {
            this.secret = true;
            return this;
        }

        /** The text used when the datafile does not set it, written as a datafile would ({@code 10s}). */
        public Builder<T> defaultValue(String text) {
            this.defaultValue = requireNonNull(text, "text is null");
            return this;
        }

        public Builder<T> validator(SettingValidator<? super T> rule) {
            this.validator = requireNonNull(rule, "rule is null");
            return this;
        }

        public Builder<T> doc(String sentence) {
            this.doc = requireNonNull(sentence, "sentence is null");
            return this;
        }

        /** See {@link SettingSpec#suggested()}. */
        public Builder<T> suggested() {
            this.suggested = true;
            return this;
        }

        /** See {@link SettingSpec#flag()}. */
        public Builder<T> flag(String option) {
            this.flag = requireNonNull(option, "option is null");
            return this;
        }

        /** @throws IllegalArgumentException if the declaration contradicts itself or has no doc */
        public SettingSpec<T> build() {
            return new SettingSpec<>(this);
        }
    }
}
