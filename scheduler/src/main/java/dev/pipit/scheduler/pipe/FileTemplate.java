package dev.pipit.scheduler.pipe;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code EXPORT_FILE_TEMPLATE}: text with {@code {column}} placeholders, each replaced by the row's value of that
 * column, so rows with different values go to different files ({@code exports/{customer_id}/data}), and
 * {@code {column, '%Y-%m-%d'}} placeholders that format a date or time column with ClickHouse's
 * {@code formatDateTime} specifiers ({@code %Y %m %d %H %i %S %y}), for time-partitioned files.
 */
public final class FileTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(?:,\\s*'([^']*)'\\s*)?}");
    private static final Pattern SPECIFIER = Pattern.compile("%(.)");

    private final List<Object> parts;

    private FileTemplate(List<Object> parts) {
        this.parts = parts;
    }

    /** @throws IllegalArgumentException for a placeholder that is not {@code {column}} or {@code {column, 'format'}} */
    public static FileTemplate parse(String template) {
        requireNonNull(template, "template is null");
        List<Object> parts = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(template);
        int last = 0;
        while (matcher.find()) {
            parts.add(template.substring(last, matcher.start()));
            String format = matcher.group(2);
            if (format != null) {
                Matcher specifier = SPECIFIER.matcher(format);
                while (specifier.find()) {
                    if ("YmdHiSy%".indexOf(specifier.group(1).charAt(0)) < 0) {
                        throw new IllegalArgumentException("EXPORT_FILE_TEMPLATE: %" + specifier.group(1)
                                + " is not supported in " + matcher.group() + "; use %Y %m %d %H %i %S or %y");
                    }
                }
            }
            parts.add(new Placeholder(matcher.group(1), format));
            last = matcher.end();
        }
        String rest = template.substring(last);
        if (rest.contains("{") || rest.contains("}")) {
            throw new IllegalArgumentException("EXPORT_FILE_TEMPLATE: write placeholders as {column} or "
                    + "{column, '%Y-%m-%d'} (found '" + template + "')");
        }
        parts.add(rest);
        return new FileTemplate(parts);
    }

    /** The columns the placeholders name, in order, once each. */
    public Set<String> columns() {
        Set<String> columns = new LinkedHashSet<>();
        parts.stream().filter(Placeholder.class::isInstance).map(part -> ((Placeholder) part).column())
                .forEach(columns::add);
        return columns;
    }

    /**
     * The file name for one row.
     *
     * @param valueOf the row's value of a column, as JDBC returns it
     */
    public String render(java.util.function.Function<String, Object> valueOf) {
        StringBuilder name = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof Placeholder placeholder) {
                Object value = valueOf.apply(placeholder.column());
                name.append(safe(placeholder.format() == null ? text(value) : format(value, placeholder)));
            } else {
                name.append(part);
            }
        }
        return name.toString();
    }

    private static String text(Object value) {
        if (value == null) {
            return "null";
        }
        TemporalAccessor time = temporal(value);
        return time == null ? value.toString() : time.toString().replace('T', ' ');
    }

    private static String format(Object value, Placeholder placeholder) {
        TemporalAccessor time = temporal(value);
        if (time == null) {
            throw new IllegalArgumentException("EXPORT_FILE_TEMPLATE formats column " + placeholder.column()
                    + ", which holds " + (value == null ? "NULL" : "no date or time (" + value + ")")
                    + " in a row; format only date and time columns, or filter out NULLs");
        }
        LocalDateTime at = time instanceof LocalDate date ? date.atStartOfDay() : (LocalDateTime) time;
        // By hand rather than with a Matcher and String.format: this runs for every row exported.
        String pattern = placeholder.format();
        StringBuilder out = new StringBuilder(pattern.length() + 8);
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%' || i + 1 == pattern.length()) {
                out.append(c);
                continue;
            }
            switch (pattern.charAt(++i)) {
                case 'Y' -> padded(out, at.getYear(), 4);
                case 'y' -> padded(out, at.getYear() % 100, 2);
                case 'm' -> padded(out, at.getMonthValue(), 2);
                case 'd' -> padded(out, at.getDayOfMonth(), 2);
                case 'H' -> padded(out, at.getHour(), 2);
                case 'i' -> padded(out, at.getMinute(), 2);
                case 'S' -> padded(out, at.getSecond(), 2);
                default -> out.append('%');
            }
        }
        return out.toString();
    }

    private static void padded(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        out.append(digits);
    }

    /** A date or a local date-time in UTC, or null for a value that is neither. */
    private static TemporalAccessor temporal(Object value) {
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toLocalDateTime();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.atZoneSameInstant(java.time.ZoneOffset.UTC).toLocalDateTime();
        }
        if (value instanceof LocalDateTime || value instanceof LocalDate) {
            return (TemporalAccessor) value;
        }
        return null;
    }

    /** A value becomes one path segment: a '/' or '\' in it would open folders nobody asked for. */
    private static String safe(String value) {
        String segment = value.replace('/', '_').replace('\\', '_');
        return segment.equals("..") || segment.equals(".") ? "_" : segment;
    }

    private record Placeholder(String column, String format) {}
}
