package dev.pipit.scheduler.catalog;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers for ClickHouse's scalar types other than dates and times, one row per type name. */
final class ScalarParsers {
    /** The Java type an integer column binds best. */
    private enum JdbcInteger {
        SHORT, INT, LONG, DECIMAL;

        Object of(BigInteger number) {
            return switch (this) {
                case SHORT -> number.shortValueExact();
                case INT -> number.intValueExact();
                case LONG -> number.longValueExact();
                case DECIMAL -> new BigDecimal(number);
            };
        }

        Object of(long number) {
            return switch (this) {
                case SHORT -> (short) number;
                case INT -> (int) number;
                case LONG -> number;
                case DECIMAL -> BigDecimal.valueOf(number);
            };
        }
    }

    /** An integer type: its range, and the Java type its SQL column binds best. */
    private record IntegerType(BigInteger min, BigInteger max, JdbcInteger jdbc) {
        static IntegerType signed(int bits, JdbcInteger jdbc) {
            BigInteger max = BigInteger.TWO.pow(bits - 1).subtract(BigInteger.ONE);
            return new IntegerType(max.negate().subtract(BigInteger.ONE), max, jdbc);
        }

        static IntegerType unsigned(int bits, JdbcInteger jdbc) {
            return new IntegerType(BigInteger.ZERO, BigInteger.TWO.pow(bits).subtract(BigInteger.ONE), jdbc);
        }

        /** Whether every value of the type is a {@code long}, so a {@code long} can stand in for the BigInteger. */
        boolean fitsLong() {
            return min.bitLength() < Long.SIZE && max.bitLength() < Long.SIZE;
        }
    }

    private static final Map<String, IntegerType> INTEGERS = Map.ofEntries(
            Map.entry("Int8", IntegerType.signed(8, JdbcInteger.SHORT)),
            Map.entry("Int16", IntegerType.signed(16, JdbcInteger.SHORT)),
            Map.entry("Int32", IntegerType.signed(32, JdbcInteger.INT)),
            Map.entry("Int64", IntegerType.signed(64, JdbcInteger.LONG)),
            Map.entry("Int128", IntegerType.signed(128, JdbcInteger.DECIMAL)),
            Map.entry("Int256", IntegerType.signed(256, JdbcInteger.DECIMAL)),
            Map.entry("UInt8", IntegerType.unsigned(8, JdbcInteger.SHORT)),
            Map.entry("UInt16", IntegerType.unsigned(16, JdbcInteger.INT)),
            Map.entry("UInt32", IntegerType.unsigned(32, JdbcInteger.LONG)),
            Map.entry("UInt64", IntegerType.unsigned(64, JdbcInteger.DECIMAL)),
            Map.entry("UInt128", IntegerType.unsigned(128, JdbcInteger.DECIMAL)),
            Map.entry("UInt256", IntegerType.unsigned(256, JdbcInteger.DECIMAL)));

    private static final Map<String, Integer> DECIMAL_PRECISION = Map.of(
            "Decimal32", 9, "Decimal64", 18, "Decimal128", 38, "Decimal256", 76);

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern FLOAT = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern UUID_HEX = Pattern.compile("[0-9a-fA-F]{32}");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    private static final Pattern ENUM_ENTRY = Pattern.compile("'(.*)' = (-?[0-9]+)", Pattern.DOTALL);

    private ScalarParsers() {}

    /** The parser for a scalar value type, or {@code null} when the name is no scalar this class knows. */
    static ValueParser forType(ClickHouseType type) {
        String name = type.name();
        IntegerType integer = INTEGERS.get(name);
        if (integer != null) {
            return integer.fitsLong() ? smallInteger(integer) : value -> integer(value, integer);
        }
        return switch (name) {
            case "Float32" -> value -> (float) floating(value);
            case "Float64" -> ScalarParsers::floating;
            case "Decimal" -> decimal(Integer.parseInt(type.literalArguments().get(0)),
                    Integer.parseInt(type.literalArguments().get(1)));
            case "Decimal32", "Decimal64", "Decimal128", "Decimal256" ->
                    decimal(DECIMAL_PRECISION.get(name), Integer.parseInt(type.literalArguments().get(0)));
            case "Bool", "Boolean" -> ScalarParsers::bool;
            case "String" -> ScalarParsers::text;
            case "FixedString" -> fixedString(Integer.parseInt(type.literalArguments().get(0)));
            case "Enum8", "Enum16" -> enumeration(type.literalArguments());
            case "UUID" -> ScalarParsers::uuid;
            case "IPv4" -> value -> require(IPV4.matcher(text(value)).matches(), text(value));
            case "IPv6" -> ScalarParsers::ipv6;
            default -> null;
        };
    }

    /** Any scalar as text; composite values from typed formats become their JSON text. */
    static String text(Object value) {
        if (value instanceof String text) {
            return text; // text formats' every value: no interface checks on the way
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof List<?> || value instanceof Map<?, ?>) {
            return JsonValues.write(value);
        }
        return value.toString();
    }

    private static Object integer(Object value, IntegerType type) {
        BigInteger number;
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            number = BigInteger.valueOf(((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            number = big;
        } else if (value instanceof BigDecimal || value instanceof Double || value instanceof Float) {
            // A typed format may carry 3.0 for 3; a fraction is no integer.
            number = new BigDecimal(value.toString()).toBigIntegerExact();
        } else if (value instanceof CharSequence && INTEGER.matcher(value.toString().trim()).matches()) {
            number = new BigInteger(value.toString().trim());
        } else {
            throw new IllegalArgumentException("not an integer");
        }
        if (number.compareTo(type.min()) < 0 || number.compareTo(type.max()) > 0) {
            throw new IllegalArgumentException("out of range");
        }
        return type.jdbc().of(number);
    }

    /**
     * An integer type whose values are all {@code long}s (every one but the 64-bit unsigned and wider): the plain
     * decimal text of a CSV field and a typed {@code Long} are read without a BigInteger or a regular expression,
     * the most common values of an import. Anything else takes {@link #integer(Object, IntegerType)}.
     */
    private static ValueParser smallInteger(IntegerType type) {
        long min = type.min().longValue();
        long max = type.max().longValue();
        return value -> {
            long number;
            if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                number = ((Number) value).longValue();
            } else if (value instanceof String text && isPlainDecimal(text)) {
                number = Long.parseLong(text);
            } else {
                return integer(value, type);
            }
            if (number < min || number > max) {
                throw new IllegalArgumentException("out of range");
            }
            return type.jdbc().of(number);
        };
    }

    /** An optional minus and 1 to 18 digits: text {@link Long#parseLong} reads exactly as the general path would. */
    private static boolean isPlainDecimal(String text) {
        int start = !text.isEmpty() && text.charAt(0) == '-' ? 1 : 0;
        int digits = text.length() - start;
        if (digits < 1 || digits > 18) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static double floating(Object value) {
        if (value instanceof Number number && !(value instanceof BigInteger)) {
            return number.doubleValue();
        }
        if (value instanceof String text && isPlainFloat(text)) {
            return Double.parseDouble(text);
        }
        String text = value.toString().trim();
        switch (text.toLowerCase(Locale.ROOT)) {
            case "nan", "+nan", "-nan":
                return Double.NaN;
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                // Double.parseDouble alone would also take "1.5d" and hexadecimal.
                require(FLOAT.matcher(text).matches(), text);
                return Double.parseDouble(text);
        }
    }

    /**
     * Digits with an optional sign, point and fraction, no exponent: the form most files write, checked by hand
     * because the regular expression {@link #FLOAT} was a fifth of a float column's cost. Anything else takes the
     * general path, which accepts the same and more.
     */
    private static boolean isPlainFloat(String text) {
        int length = text.length();
        int i = length > 0 && (text.charAt(0) == '-' || text.charAt(0) == '+') ? 1 : 0;
        int digitsBefore = 0;
        while (i < length && isDigit(text.charAt(i))) {
            i++;
            digitsBefore++;
        }
        if (i < length && text.charAt(i) == '.') {
            i++;
            int digitsAfter = 0;
            while (i < length && isDigit(text.charAt(i))) {
                i++;
                digitsAfter++;
            }
            return i == length && digitsBefore + digitsAfter > 0;
        }
        return i == length && digitsBefore > 0;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Extra fraction digits are cut, as ClickHouse cuts them; too many integer digits do not fit. */
    private static ValueParser decimal(int precision, int scale) {
        return value -> {
            BigDecimal number = value instanceof BigDecimal decimal ? decimal
                    : new BigDecimal(value instanceof Number ? value.toString() : value.toString().trim());
            BigDecimal scaled = number.setScale(scale, RoundingMode.DOWN);
            require(scaled.precision() - scaled.scale() <= precision - scale, value);
            return scaled;
        };
    }

    /** The words ClickHouse's text formats read as a {@code Bool}, in any case (its {@code SerializationBool}). */
    private static Object bool(Object value) {
        if (value instanceof Boolean) {
            return value;
        }
        return switch (text(value).trim().toLowerCase(Locale.ROOT)) {
            case "true", "t", "yes", "y", "on", "enable", "enabled", "1" -> Boolean.TRUE;
            case "false", "f", "no", "n", "off", "disable", "disabled", "0" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("not a boolean");
        };
    }

    private static ValueParser fixedString(int length) {
        return value -> {
            String text = text(value);
            // ClickHouse measures FixedString in bytes and pads short values with NUL bytes; Pipit stores them as
            // they are, since padding would only make them harder to query.
            require(text.getBytes(StandardCharsets.UTF_8).length <= length, text);
            return text;
        };
    }

    /** An enum takes its names, or the numbers they stand for, and stores the name. */
    private static ValueParser enumeration(List<String> entries) {
        Map<String, String> names = new LinkedHashMap<>();
        for (String entry : entries) {
            Matcher matcher = ENUM_ENTRY.matcher(entry);
            if (matcher.matches()) {
                names.put(matcher.group(1), matcher.group(1));
                names.put(matcher.group(2), matcher.group(1));
            } else {
                names.put(entry, entry);
            }
        }
        return value -> {
            String name = names.get(text(value));
            require(name != null, value);
            return name;
        };
    }

    private static Object uuid(Object value) {
        if (value instanceof UUID) {
            return value;
        }
        String text = text(value).trim();
        if (UUID_HEX.matcher(text).matches()) {
            // The form without dashes, which ClickHouse reads too (readUUIDTextImpl).
            return new UUID(Long.parseUnsignedLong(text.substring(0, 16), 16),
                    Long.parseUnsignedLong(text.substring(16), 16));
        }
        require(UUID_TEXT.matcher(text).matches(), text);
        return UUID.fromString(text);
    }

    private static Object ipv6(Object value) {
        String text = text(value).trim();
        if (IPV4.matcher(text).matches()) {
            return text; // ClickHouse maps IPv4 addresses into IPv6 columns
        }
        // Only text with a colon reaches InetAddress: Java parses that as an IPv6 literal and never asks DNS.
        require(text.indexOf(':') >= 0 && text.matches("[0-9A-Fa-f:.]+"), text);
        try {
            InetAddress.getByName(text);
            return text;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address", e);
        }
    }

    private static Object require(boolean fits, Object value) {
        if (!fits) {
            throw new IllegalArgumentException("does not fit");
        }
        return value;
    }
}
