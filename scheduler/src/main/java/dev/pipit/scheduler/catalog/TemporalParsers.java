package dev.pipit.scheduler.catalog;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for {@code Date}, {@code Date32}, {@code DateTime} and {@code DateTime64}. Times without a zone are read
 * in the type's time zone ({@code DateTime('Europe/Madrid')}), or UTC when it names none, as ClickHouse reads them
 * on a server set to UTC. Timestamps are bound as UTC {@link OffsetDateTime}s, which both drivers store exactly.
 *
 * <p>A value outside the range its type holds in ClickHouse does not fit, though the database column could store
 * it: ClickHouse would clamp or wrap it, and such a value is nearly always a misread unit (epoch milliseconds into a
 * {@code DateTime}, microseconds into a {@code DateTime64(3)}), which quarantine names where storing would hide it.
 */
final class TemporalParsers {
    /**
     * A date as ClickHouse's text formats read one ({@code readDateTextImpl}): the year, then the month and the day of
     * one or two digits each behind any separator that is not a digit ({@code 2024-5-1}, {@code 2024/05/01}), or
     * {@code YYYYMMDD}.
     */
    private static final Pattern DATE = Pattern.compile(
            "([0-9]{4})[^0-9]([0-9]{1,2})[^0-9]([0-9]{1,2})|([0-9]{4})([0-9]{2})([0-9]{2})");
    /** A date and a time, the date's separators any that is not a digit ({@code 2024/05/01 10:00:00}). */
    private static final Pattern DATE_TIME = Pattern.compile("[0-9]{4}[^0-9][0-9]{2}[^0-9][0-9]{2}[ T][0-9]{2}:[0-9]{2}"
            + "(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?");
    private static final Pattern UNIX_SECONDS = Pattern.compile("[0-9]+(\\.[0-9]{1,9})?");
    /**
     * 2300-01-01 in seconds, past the last year DateTime64 holds: ClickHouse reads an integer from here on as ticks
     * of the column's precision (epoch milliseconds for {@code DateTime64(3)}), so no time it holds reads both ways.
     */
    private static final BigDecimal FIRST_UNIX_TICKS = BigDecimal.valueOf(10_413_792_000L);
    /** {@code DateTime} is a UInt32 of seconds. */
    private static final long LAST_DATE_TIME_SECOND = 0xFFFF_FFFFL;
    /** DateTime64's calendar, years 0 to 9999, which its Int64 of ticks narrows at precisions 8 and 9. */
    private static final long FIRST_DATE_TIME64_SECOND = LocalDate.of(0, 1, 1).toEpochSecond(LocalTime.MIDNIGHT,
            ZoneOffset.UTC);
    private static final long LAST_DATE_TIME64_SECOND = LocalDate.of(9999, 12, 31).toEpochSecond(LocalTime.MAX,
            ZoneOffset.UTC);

    private TemporalParsers() {}

    /** The parser for a date or time type, or {@code null} when the type is neither. */
    static ValueParser forType(ClickHouseType type) {
        List<String> arguments = type.literalArguments();
        return switch (type.name()) {
            // Date is a UInt16 of days; Date32 spans the years ClickHouse's calendar tables cover.
            case "Date" -> date(LocalDate.EPOCH, LocalDate.of(2149, 6, 6));
            case "Date32" -> date(LocalDate.of(1900, 1, 1), LocalDate.of(2299, 12, 31));
            case "DateTime" -> dateTime(0, zone(arguments, 0), 0, LAST_DATE_TIME_SECOND);
            case "DateTime64" -> {
                int scale = Integer.parseInt(arguments.get(0));
                long lastTickSecond = Long.MAX_VALUE / (long) Math.pow(10, scale);
                yield dateTime(scale, zone(arguments, 1), Math.max(FIRST_DATE_TIME64_SECOND, -lastTickSecond),
                        Math.min(LAST_DATE_TIME64_SECOND, lastTickSecond));
            }
            default -> null;
        };
    }

    private static ZoneId zone(List<String> arguments, int index) {
        return arguments.size() > index ? ZoneId.of(arguments.get(index)).normalized() : ZoneOffset.UTC;
    }

    private static ValueParser date(LocalDate first, LocalDate last) {
        return value -> {
            LocalDate date = date(value);
            if (date.isBefore(first) || date.isAfter(last)) {
                throw new DateTimeException("out of range");
            }
            return date;
        };
    }

    private static LocalDate date(Object value) {
        if (value instanceof LocalDate date) {
            return date;
        }
        if (value instanceof LocalDateTime dateTime) {
            return dateTime.toLocalDate();
        }
        if (value instanceof TemporalAccessor) {
            return utc(instant(value, ZoneOffset.UTC, 0)).toLocalDate();
        }
        LocalDate date = textDate(value.toString().trim());
        if (date == null) {
            throw new DateTimeException("not a date");
        }
        return date;
    }

    /**
     * @return the date {@code text} is in one of {@link #DATE}'s forms, or {@code null} when it is in none
     * @throws DateTimeException when the form is right but the date does not exist (2024-02-30)
     */
    private static LocalDate textDate(String text) {
        Matcher date = DATE.matcher(text);
        if (!date.matches()) {
            return null;
        }
        int first = date.group(1) != null ? 1 : 4;
        return LocalDate.of(Integer.parseInt(date.group(first)), Integer.parseInt(date.group(first + 1)),
                Integer.parseInt(date.group(first + 2)));
    }

    /**
     * @param scale the type's precision, which integers past {@link #FIRST_UNIX_TICKS} count in; the values keep at
     *     most microseconds of it, which both databases store
     * @param firstSecond the type's first time, in seconds since the epoch
     * @param lastSecond the second its last time falls in
     */
    private static ValueParser dateTime(int scale, ZoneId zone, long firstSecond, long lastSecond) {
        long unit = (long) Math.pow(10, 9 - Math.min(scale, 6));
        return value -> {
            OffsetDateTime time = dateTime(value, scale, zone, unit);
            long second = time.toEpochSecond();
            if (second < firstSecond || second > lastSecond) {
                throw new DateTimeException("out of range");
            }
            return time;
        };
    }

    private static OffsetDateTime dateTime(Object value, int scale, ZoneId zone, long unit) {
        if (zone == ZoneOffset.UTC && value instanceof String text) {
            // The common case by far, a UTC column and the plain form, needs no Instant in between.
            LocalDateTime plain = PlainDateTimes.parse(text);
            if (plain != null) {
                return OffsetDateTime.of(plain.minusNanos(plain.getNano() % unit), ZoneOffset.UTC);
            }
        }
        Instant instant = instant(value, zone, scale);
        // Cut to the column's precision, as ClickHouse stores DateTime64(3) in milliseconds.
        return utc(instant.minusNanos(instant.getNano() % unit));
    }

    /**
     * {@code instant.atOffset(UTC)} without its cost: {@code ZoneOffset.getRules()} builds a new {@code ZoneRules}
     * on every call, which made it a tenth of a timestamp column's conversion.
     */
    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.of(LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(),
                ZoneOffset.UTC), ZoneOffset.UTC);
    }

    private static Instant instant(Object value, ZoneId zone, int ticksScale) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime dateTime) {
            return dateTime.toInstant();
        }
        if (value instanceof ZonedDateTime dateTime) {
            return dateTime.toInstant();
        }
        if (value instanceof LocalDateTime dateTime) {
            return dateTime.atZone(zone).toInstant();
        }
        if (value instanceof LocalDate date) {
            return date.atStartOfDay(zone).toInstant();
        }
        if (value instanceof String text) {
            LocalDateTime plain = PlainDateTimes.parse(text);
            if (plain != null) {
                return zone instanceof ZoneOffset offset ? plain.toInstant(offset) : plain.atZone(zone).toInstant();
            }
        }
        if (value instanceof Number || UNIX_SECONDS.matcher(value.toString().trim()).matches()) {
            return unixTime(new BigDecimal(value.toString().trim()), ticksScale);
        }
        String text = value.toString().trim();
        LocalDate date = textDate(text);
        if (date != null) {
            return date.atStartOfDay(zone).toInstant();
        }
        if (!DATE_TIME.matcher(text).matches()) {
            throw new DateTimeException("not a date and time");
        }
        String iso = text.substring(0, 4) + '-' + text.substring(5, 7) + '-' + text.substring(8, 10) + 'T'
                + text.substring(11);
        if (iso.endsWith("Z") || iso.indexOf('+', 10) > 0 || iso.indexOf('-', 10) > 0) {
            return OffsetDateTime.parse(withColonInOffset(iso)).toInstant();
        }
        return LocalDateTime.parse(iso).atZone(zone).toInstant();
    }

    /** Seconds since the epoch, or ticks of {@code ticksScale} digits for an integer past 2300 in seconds. */
    private static Instant unixTime(BigDecimal number, int ticksScale) {
        boolean ticks = ticksScale > 0 && number.scale() <= 0 && number.compareTo(FIRST_UNIX_TICKS) >= 0;
        return unixSeconds(ticks ? number.movePointLeft(ticksScale) : number);
    }

    private static Instant unixSeconds(BigDecimal seconds) {
        long whole = seconds.toBigInteger().longValueExact();
        int nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).intValue();
        return Instant.ofEpochSecond(whole, nanos);
    }

    /** {@code +0200} and {@code +02} become {@code +02:00}, the only offset forms ISO parsing takes. */
    private static String withColonInOffset(String iso) {
        if (iso.endsWith("Z")) {
            return iso;
        }
        int sign = Math.max(iso.lastIndexOf('+'), iso.lastIndexOf('-'));
        String offset = iso.substring(sign + 1);
        if (offset.length() == 2) {
            offset += ":00";
        } else if (offset.length() == 4) {
            offset = offset.substring(0, 2) + ":" + offset.substring(2);
        }
        return iso.substring(0, sign + 1) + offset;
    }
}
