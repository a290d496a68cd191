package dev.pipit.spi.config;

import static java.util.Objects.requireNonNull;

import java.util.function.Predicate;

/**
 * A rule a typed value must also follow, such as "at least 1".
 *
 * @param expectation what a valid value looks like, completing "NAME must be ...": {@code "at least 1"}
 * @param test whether a value follows the rule
 * @param <T> the value's type
 */
public record SettingValidator<T>(String expectation, Predicate<? super T> test) {
    public SettingValidator {
        requireNonNull(expectation, "expectation is null");
        requireNonNull(test, "test is null");
    }

    /** A whole number of at least {@code minimum}. */
    public static SettingValidator<Integer> atLeast(int minimum) {
        return new SettingValidator<>("a whole number >= " + minimum, value -> value >= minimum);
    }

    /** A whole number from {@code minimum} to {@code maximum}, both included. */
    public static SettingValidator<Integer> between(int minimum, int maximum) {
        return new SettingValidator<>("a whole number from " + minimum + " to " + maximum,
                value -> value >= minimum && value <= maximum);
    }
}
