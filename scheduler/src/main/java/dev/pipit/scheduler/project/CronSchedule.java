package dev.pipit.scheduler.project;

import java.text.ParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quartz.CronExpression;

/**
 * Reads {@code EXPORT_SCHEDULE} / {@code COPY_SCHEDULE}: {@code @on-demand}, a five-field Unix cron expression as
 * Tinybird takes ({@code 0 * * * *}), or a six- or seven-field Quartz expression whose first field is seconds.
 * Quartz has a seconds field, numbers weekdays from 1 = Sunday, and wants {@code ?} in one of day-of-month and
 * day-of-week; the Unix form is turned into that.
 */
public final class CronSchedule {
    public static final String ON_DEMAND = "@on-demand";
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private CronSchedule() {}

    /**
     * @return the Quartz expression, or empty for {@code @on-demand}
     * @throws IllegalArgumentException with what to write instead
     */
    public static Optional<String> parse(String value) {
        String trimmed = value.strip();
        if (trimmed.equalsIgnoreCase(ON_DEMAND)) {
            return Optional.empty();
        }
        String[] fields = trimmed.split("\\s+");
        String quartz;
        if (fields.length == 5) {
            quartz = fromUnix(fields, trimmed);
        } else if (fields.length == 6 || fields.length == 7) {
            quartz = trimmed;
        } else {
            throw new IllegalArgumentException(invalid(trimmed, "it has " + fields.length + " fields"));
        }
        try {
            CronExpression.validateExpression(quartz);
        } catch (ParseException e) {
            throw new IllegalArgumentException(invalid(trimmed, e.getMessage()));
        }
        return Optional.of(quartz);
    }

    private static String fromUnix(String[] fields, String value) {
        String dayOfMonth = fields[2];
        String dayOfWeek = fields[4];
        if (!dayOfMonth.equals("*") && !dayOfWeek.equals("*")) {
            throw new IllegalArgumentException(invalid(value, "a day of the month and a day of the week together "
                    + "mean either one in Unix cron, which Quartz cannot express"));
        }
        if (dayOfWeek.equals("*")) {
            dayOfWeek = "?";
        } else {
            dayOfMonth = "?";
            dayOfWeek = quartzWeekdays(dayOfWeek);
        }
        return "0 " + fields[0] + " " + fields[1] + " " + dayOfMonth + " " + fields[3] + " " + dayOfWeek;
    }

    /** Unix 0-7 (0 and 7 = Sunday) to Quartz 1-7 (1 = Sunday); names such as MON stay. */
    private static String quartzWeekdays(String field) {
        if (field.startsWith("*/")) {
            return "1/" + field.substring(2);
        }
        Matcher matcher = NUMBER.matcher(field.toUpperCase(Locale.ROOT));
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            int day = Integer.parseInt(matcher.group()) % 7;
            int start = matcher.start();
            boolean isStep = start > 0 && field.charAt(start - 1) == '/';
            matcher.appendReplacement(out, isStep ? matcher.group() : Integer.toString(day + 1));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String invalid(String value, String why) {
        return "'" + value + "' is no schedule (" + why + "): write @on-demand, a cron expression such as "
                + "'0 * * * *' (minute hour day month weekday), or a Quartz one with seconds such as '*/30 * * * * ?'";
    }
}
