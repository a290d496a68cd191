package dev.pipit.scheduler.project;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The type of a pipe's template parameter, named after Tinybird's template functions ({@code String(p, 'x')},
 * {@code DateTime(p, '2024-01-01 00:00:00')}, {@code Int32(p, 10)}...). A value is turned into the Java value bound
 * to the statement, so the database compares typed values and never sees the parameter as SQL text.
 */
public enum ParameterType {
    STRING,
    INTEGER,
    FLOAT,
    BOOLEAN,
    DATE,
    DATETIME;

    private static final Map<String, ParameterType> FUNCTIONS = Map.ofEntries(
            Map.entry("string", STRING), Map.entry("uuid", STRING),
            Map.entry("int", INTEGER), Map.entry("integer", INTEGER),
            Map.entry("int8", INTEGER), Map.entry("int16", INTEGER), Map.entry("int32", INTEGER),
            Map.entry("int64", INTEGER), Map.entry("uint8", INTEGER), Map.entry("uint16", INTEGER),
            Map.entry("uint32", INTEGER), Map.entry("uint64", INTEGER),
            Map.entry("float32", FLOAT), Map.entry("float64", FLOAT),
            Map.entry("boolean", BOOLEAN), Map.entry("bool", BOOLEAN),
            Map.entry("date", DATE), Map.entry("datetime", DATETIME), Map.entry("datetime64", DATETIME));

    /** The type a template function stands for, or empty for a function that is no typed parameter. */
    public static Optional<ParameterType> ofFunction(String function) {
        return Optional.ofNullable(FUNCTIONS.get(function.toLowerCase(Locale.ROOT)));
    }

    /**
     * The value to bind for {@code text}.
     *
     * @throws IllegalArgumentException with what to write instead when {@code text} is no value of this type
     */
    public Object parse(String text) {
        String value = text.strip();
        try {
            return switch (this) {
                case STRING -> text;
                case INTEGER -> Long.parseLong(value);
                case FLOAT -> new BigDecimal(value).doubleValue();
                case BOOLEAN -> parseBoolean(value);
                case DATE -> LocalDate.parse(value);
                case DATETIME -> LocalDateTime.parse(value.replace(' ', 'T'));
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is no " + description());
        }
    }

    /** How a value of this type is written, for messages. */
    public String description() {
        return switch (this) {
            case STRING -> "text";
            case INTEGER -> "whole number such as 42";
            case FLOAT -> "number such as 4.2";
            case BOOLEAN -> "boolean (true or false)";
            case DATE -> "date such as 2024-01-31";
            case DATETIME -> "date and time such as 2024-01-31 13:45:00";
        };
    }

    private static Boolean parseBoolean(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1" -> Boolean.TRUE;
            case "false", "0" -> Boolean.FALSE;
            default -> throw new NumberFormatException(value);
        };
    }
}
