package dev.pipit.scheduler.catalog;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes converted values as fields of PostgreSQL's {@code COPY ... (FORMAT csv)} input.
 *
 * <p>Every value is quoted, so that an unquoted empty field can only mean NULL and an empty string stays one.
 * An array is written as PostgreSQL's array literal ({@code {"a","b",NULL}}, each element quoted and
 * backslash-escaped), and that literal is then quoted as one CSV field. JSON text goes as it is, and
 * {@code jsonb} parses it.
 */
final class CopyText {
    /** Microseconds always, and a numeric offset: the input PostgreSQL reads whatever its DateStyle. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSxxx");

    private CopyText() {}

    /** Appends one field, without the delimiter; {@code null} is SQL NULL. */
    static void appendField(StringBuilder out, SqlColumnType.Kind kind, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof OffsetDateTime timestamp && isPlainUtc(timestamp)) {
            // Straight into the batch: no quote can occur, and this is most rows' widest field.
            PlainDateTimes.appendMicros(out.append('"'), timestamp.toLocalDateTime()).append("+00:00\"");
            return;
        }
        String text = kind == SqlColumnType.Kind.ARRAY ? arrayLiteral((Object[]) value) : scalar(value);
        out.append('"');
        if (text.indexOf('"') < 0) {
            out.append(text);
        } else {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"') {
                    out.append('"');
                }
                out.append(c);
            }
        }
        out.append('"');
    }

    /** PostgreSQL's input text of a scalar from {@link ValueConverter}. */
    static String scalar(Object value) {
        if (value instanceof OffsetDateTime timestamp) {
            if (isPlainUtc(timestamp)) {
                // The converters' timestamps are all UTC: written by hand, as the formatter was the writer's hot spot.
                return PlainDateTimes.appendMicros(new StringBuilder(32), timestamp.toLocalDateTime())
                        .append("+00:00").toString();
            }
            return TIMESTAMP.format(timestamp);
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        // Strings, integers, booleans, dates, UUIDs, and floats, whose NaN and Infinity PostgreSQL spells alike.
        return value.toString();
    }

    /** The converters' timestamps: UTC, and a four-digit year, which is what {@link PlainDateTimes} writes. */
    private static boolean isPlainUtc(OffsetDateTime timestamp) {
        return timestamp.getOffset().equals(ZoneOffset.UTC) && timestamp.getYear() >= 0 && timestamp.getYear() <= 9999;
    }

    private static String arrayLiteral(Object[] elements) {
        StringBuilder literal = new StringBuilder("{");
        for (int i = 0; i < elements.length; i++) {
            if (i > 0) {
                literal.append(',');
            }
            if (elements[i] == null) {
                literal.append("NULL");
                continue;
            }
            literal.append('"');
            String text = scalar(elements[i]);
            for (int j = 0; j < text.length(); j++) {
                char c = text.charAt(j);
                if (c == '"' || c == '\\') {
                    literal.append('\\');
                }
                literal.append(c);
            }
            literal.append('"');
        }
        return literal.append('}').toString();
    }
}
