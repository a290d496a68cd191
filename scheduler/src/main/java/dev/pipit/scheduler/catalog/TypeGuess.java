package dev.pipit.scheduler.catalog;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Guesses one column's ClickHouse type from sampled values, the way Tinybird and ClickHouse infer a schema: the
 * narrowest of {@code Bool}, {@code Int64}, {@code Float64}, {@code Date} (or {@code Date32}), {@code DateTime}
 * (or {@code DateTime64(0)}), {@code DateTime64(3)} or {@code DateTime64(6)} that every value fits, else
 * {@code String}; wrapped in {@code Nullable} when a value was empty, null or missing, or when no value was seen at
 * all. A date or time no time type holds (a date before 1900) is a string: its type's range decides, as it decides
 * what the converter takes.
 *
 * <p>Two readings are kept side by side, because what a string means depends on the file: in a text format
 * (CSV), where every value is a string, {@code "42"} is an integer; in a typed format (NDJSON) a string stays a
 * string, except for dates and times, which JSON has no type for. Integers and floats mix into {@code Float64},
 * dates and times into the time type; any other mix is {@code String}, which holds every value. Objects and arrays
 * are {@code String}: the converter stores them as their JSON text. Not thread-safe.
 */
public final class TypeGuess {
    private enum Kind { NOTHING, BOOL, INT, FLOAT, DATE, DATE_TIME, STRING }

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern FLOAT =
            Pattern.compile("[+-]?([0-9]+\\.[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?[0-9]+[eE][+-]?[0-9]+");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final Pattern DATE_TIME = Pattern.compile(
            "[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\\.([0-9]{1,9}))?(Z|[+-][0-9]{2}:?[0-9]{2})?");
    private static final ValueParser DATE_TYPE = TemporalParsers.forType(ClickHouseType.parse("Date"));
    private static final ValueParser DATE32_TYPE = TemporalParsers.forType(ClickHouseType.parse("Date32"));
    private static final ValueParser DATE_TIME_TYPE = TemporalParsers.forType(ClickHouseType.parse("DateTime"));
    private static final ValueParser DATE_TIME64_TYPE = TemporalParsers.forType(ClickHouseType.parse("DateTime64(6)"));

    private Kind asText = Kind.NOTHING;
    private Kind asTyped = Kind.NOTHING;
    private int fractionDigits;
    private boolean sawDateOutsideDate;
    private boolean sawTimeOutsideDateTime;
    private boolean sawEmpty;

    /** Adds a sampled value: {@code null} or an empty string mean the value is missing. */
    public void add(Object value) {
        if (value == null || value instanceof CharSequence text && text.toString().isBlank()) {
            sawEmpty = true;
            return;
        }
        Kind typed = typedKind(value);
        asTyped = merge(asTyped, typed);
        asText = merge(asText, value instanceof CharSequence text ? textKind(text.toString().trim()) : typed);
    }

    /** Notes that a sampled record had no value at all for this column (an NDJSON line without the member). */
    public void addMissing() {
        sawEmpty = true;
    }

    /**
     * The guessed type, as a {@code SCHEMA} would write it.
     *
     * @param textFormat whether the file is text, where strings stand for numbers and booleans too
     */
    public String type(boolean textFormat) {
        Kind kind = textFormat ? asText : asTyped;
        String type = switch (kind) {
            case BOOL -> "Bool";
            case INT -> "Int64";
            case FLOAT -> "Float64";
            case DATE -> sawDateOutsideDate ? "Date32" : "Date";
            case DATE_TIME -> fractionDigits == 0 ? (sawTimeOutsideDateTime ? "DateTime64(0)" : "DateTime")
                    : fractionDigits <= 3 ? "DateTime64(3)" : "DateTime64(6)";
            case NOTHING, STRING -> "String";
        };
        return sawEmpty || kind == Kind.NOTHING ? "Nullable(" + type + ")" : type;
    }

    private Kind typedKind(Object value) {
        if (value instanceof Boolean) {
            return Kind.BOOL;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return Kind.INT;
        }
        if (value instanceof BigInteger || value instanceof BigDecimal || value instanceof Double
                || value instanceof Float) {
            return Kind.FLOAT;
        }
        if (value instanceof List<?> || value instanceof Map<?, ?>) {
            return Kind.STRING;
        }
        return temporalKind(value.toString().trim());
    }

    private Kind textKind(String text) {
        if (INTEGER.matcher(text).matches()) {
            // 08123 is a ZIP code or an account number, not 8123: a number would lose the zero for good.
            return fitsLong(text) && !hasLeadingZero(text) ? Kind.INT : Kind.STRING;
        }
        if (FLOAT.matcher(text).matches()) {
            return Kind.FLOAT;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("true") || lower.equals("false")) {
            return Kind.BOOL;
        }
        return temporalKind(text);
    }

    private Kind temporalKind(String text) {
        if (DATE.matcher(text).matches() && holds(DATE32_TYPE, text)) {
            sawDateOutsideDate |= !holds(DATE_TYPE, text);
            // A date among times is their midnight.
            sawTimeOutsideDateTime |= !holds(DATE_TIME_TYPE, text);
            return Kind.DATE;
        }
        Matcher dateTime = DATE_TIME.matcher(text);
        if (dateTime.matches() && holds(DATE_TIME64_TYPE, text)) {
            int digits = dateTime.group(1) == null ? 0 : dateTime.group(1).length();
            fractionDigits = Math.max(fractionDigits, digits);
            sawTimeOutsideDateTime |= !holds(DATE_TIME_TYPE, text);
            return Kind.DATE_TIME;
        }
        return Kind.STRING;
    }

    private static boolean holds(ValueParser type, String text) {
        try {
            type.parse(text);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static boolean hasLeadingZero(String text) {
        int first = text.charAt(0) == '+' || text.charAt(0) == '-' ? 1 : 0;
        return text.length() - first > 1 && text.charAt(first) == '0';
    }

    private static boolean fitsLong(String text) {
        try {
            Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
            return true;
        } catch (NumberFormatException e) {
            return false; // Int64 cannot hold it and Float64 would round it; String keeps every digit
        }
    }

    private static Kind merge(Kind seen, Kind next) {
        if (seen == next || seen == Kind.NOTHING) {
            return next;
        }
        if (isNumber(seen) && isNumber(next)) {
            return Kind.FLOAT;
        }
        if (isTemporal(seen) && isTemporal(next)) {
            return Kind.DATE_TIME;
        }
        return Kind.STRING;
    }

    private static boolean isNumber(Kind kind) {
        return kind == Kind.INT || kind == Kind.FLOAT;
    }

    private static boolean isTemporal(Kind kind) {
        return kind == Kind.DATE || kind == Kind.DATE_TIME;
    }
}
