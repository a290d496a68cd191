package dev.pipit.plugin.csv;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether a file's first row names its fields, as Tinybird and ClickHouse guess it.
 *
 * <p>The first row is a header when every value in it is a <em>name</em>, the names are distinct ignoring case,
 * and either
 * <ol>
 *   <li>every name is one of the data source's column names, ignoring case; or
 *   <li>the second row has, in at least one column, a value that is not text: a number, a date or time, a
 *       boolean ({@code true}/{@code false}) or nothing (empty, or {@code \N}).
 * </ol>
 * A name is a trimmed value that starts with a letter or {@code _}, is at most 128 characters long, holds no line
 * break and is not a number, date, time or boolean.
 *
 * <p>Consequences, all deliberate: a file whose columns are all text has a header only when its names are the
 * data source's (ClickHouse cannot tell either); a file of a single row is a header only by rule 1, because
 * swallowing a lone data row would lose it silently, while importing a lone header quarantines it visibly;
 * a header of years ({@code 2023,2024}) is data.
 */
final class HeaderRule {
    private static final int MAX_NAME_LENGTH = 128;
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern DATE_OR_TIME =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}.*|\\d{1,2}/\\d{1,2}/\\d{2,4}.*|\\d{1,2}:\\d{2}(:\\d{2}.*)?");

    private HeaderRule() {}

    /**
     * @param first the first row's values
     * @param second the second row's values, or {@code null} when the file has one row
     * @param columnNames the data source's column names, or empty when unknown
     */
    static boolean isHeader(String[] first, String[] second, List<String> columnNames) {
        Set<String> names = new HashSet<>();
        for (String value : first) {
            if (!isName(value) || !names.add(value.trim().toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return areColumnNames(names, columnNames) || secondRowHasNonText(first.length, second);
    }

    private static boolean areColumnNames(Set<String> names, List<String> columnNames) {
        if (columnNames.isEmpty()) {
            return false;
        }
        Set<String> columns = new HashSet<>();
        columnNames.forEach(column -> columns.add(column.toLowerCase(Locale.ROOT)));
        return columns.containsAll(names);
    }

    private static boolean secondRowHasNonText(int width, String[] second) {
        if (second == null) {
            return false;
        }
        for (int i = 0; i < Math.min(width, second.length); i++) {
            if (!isText(second[i])) {
                return true;
            }
        }
        return false;
    }

    private static boolean isName(String value) {
        String name = value.trim();
        return !name.isEmpty()
                && name.length() <= MAX_NAME_LENGTH
                && (Character.isLetter(name.codePointAt(0)) || name.charAt(0) == '_')
                && name.indexOf('\n') < 0
                && name.indexOf('\r') < 0
                && isText(name);
    }

    private static boolean isText(String value) {
        String text = value.trim();
        return !text.isEmpty()
                && !CsvRecord.isNull(text)
                && !text.equalsIgnoreCase("true")
                && !text.equalsIgnoreCase("false")
                && !NUMBER.matcher(text).matches()
                && !DATE_OR_TIME.matcher(text).matches();
    }
}
