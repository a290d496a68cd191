package dev.pipit.plugin.kafka;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Avro's timestamps and times of day as the text ClickHouse reads: {@code 2024-05-01 12:00:00.123}, with as many
 * fraction digits as the logical type has. Timestamps of the years 1 to 9999 are written by hand: through a
 * {@link DateTimeFormatter} they took a tenth of an Avro consumer's time. Other years keep the formatter's text.
 */
final class TimeText {
    private static final long SECONDS_PER_DAY = 86_400;
    private static final long[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
        100_000_000, 1_000_000_000};
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter NANOS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS");
    private static final DateTimeFormatter TIME_MILLIS = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final DateTimeFormatter TIME_MICROS = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS");

    private TimeText() {}

    /**
     * @param nanos the nanoseconds within the second, 0 to 999,999,999
     * @param digits the fraction digits to write: 3, 6 or 9
     */
    static String timestamp(long epochSecond, long nanos, int digits) {
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(epochSecond, SECONDS_PER_DAY));
        int year = date.getYear();
        if (year < 1 || year > 9999) {
            return LocalDateTime.ofEpochSecond(epochSecond, (int) nanos, ZoneOffset.UTC).format(pattern(digits));
        }
        int secondOfDay = (int) Math.floorMod(epochSecond, SECONDS_PER_DAY);
        char[] text = new char[20 + digits];
        put(text, 0, year, 4);
        text[4] = '-';
        put(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        put(text, 8, date.getDayOfMonth(), 2);
        text[10] = ' ';
        put(text, 11, secondOfDay / 3600, 2);
        text[13] = ':';
        put(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        put(text, 17, secondOfDay % 60, 2);
        text[19] = '.';
        put(text, 20, nanos / POWERS_OF_TEN[9 - digits], digits);
        return new String(text);
    }

    /** @param digits the fraction digits to write: 3 or 6 */
    static String timeOfDay(long nanoOfDay, int digits) {
        return LocalTime.ofNanoOfDay(nanoOfDay).format(digits == 3 ? TIME_MILLIS : TIME_MICROS);
    }

    private static DateTimeFormatter pattern(int digits) {
        return digits == 3 ? MILLIS : digits == 6 ? MICROS : NANOS;
    }

    /** Writes {@code value} as {@code width} decimal digits, zeros first. */
    private static void put(char[] text, int at, long value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
