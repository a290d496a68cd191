package dev.pipit.scheduler.catalog;

import java.time.LocalDateTime;

/**
 * Reads the date-time form almost every file uses, {@code yyyy-MM-dd HH:mm[:ss[.fraction]]}, by hand. It is the
 * hottest value of a typical import: through {@code java.time}'s formatters and the regular expressions that guard
 * them it cost a third of the import's CPU. Any other form is left to the general path.
 */
final class PlainDateTimes {
    private static final int[] NANOS_SCALE = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
        100_000_000, 1_000_000_000};

    private PlainDateTimes() {}

    /**
     * @return the date-time, or {@code null} when {@code text} is not exactly {@code yyyy-MM-dd HH:mm}, optionally
     *     with {@code :ss} and a fraction of 1 to 9 digits ({@code T} may replace the space)
     * @throws java.time.DateTimeException when the form is right but a field is out of range (month 13)
     */
    static LocalDateTime parse(String text) {
        int length = text.length();
        if (length < 16 || length > 29
                || !digits(text, 0, 4) || text.charAt(4) != '-' || !digits(text, 5, 7) || text.charAt(7) != '-'
                || !digits(text, 8, 10) || (text.charAt(10) != ' ' && text.charAt(10) != 'T')
                || !digits(text, 11, 13) || text.charAt(13) != ':' || !digits(text, 14, 16)) {
            return null;
        }
        int second = 0;
        int nano = 0;
        if (length > 16) {
            if (length < 19 || text.charAt(16) != ':' || !digits(text, 17, 19)) {
                return null;
            }
            second = number(text, 17, 19);
            if (length > 19) {
                if (length == 20 || text.charAt(19) != '.' || !digits(text, 20, length)) {
                    return null;
                }
                nano = number(text, 20, length) * NANOS_SCALE[9 - (length - 20)];
            }
        }
        return LocalDateTime.of(number(text, 0, 4), number(text, 5, 7), number(text, 8, 10), number(text, 11, 13),
                number(text, 14, 16), second, nano);
    }

    private static boolean digits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int number(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + text.charAt(i) - '0';
        }
        return value;
    }
}
