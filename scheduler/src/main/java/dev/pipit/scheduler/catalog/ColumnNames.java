package dev.pipit.scheduler.catalog;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Turns field names from files (a CSV header, NDJSON members) into column names Pipit can put in SQL. */
public final class ColumnNames {
    private ColumnNames() {}

    /**
     * {@code field} with every character other than a letter, digit or {@code _} replaced by {@code _}, and a
     * {@code _} in front when it would start with a digit; {@code taken} (compared ignoring case, as SQL folds
     * unquoted names) gets a {@code _2}, {@code _3}, ... suffix added until the name is free.
     */
    public static String forField(String field, Collection<String> taken) {
        StringBuilder name = new StringBuilder(field.length() + 1);
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            name.append(c < 128 && (Character.isLetterOrDigit(c) || c == '_') ? c : '_');
        }
        if (name.length() == 0 || Character.isDigit(name.charAt(0))) {
            name.insert(0, '_');
        }
        Set<String> lower = taken.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        String candidate = name.toString();
        for (int suffix = 2; lower.contains(candidate.toLowerCase(Locale.ROOT)); suffix++) {
            candidate = name + "_" + suffix;
        }
        return SqlNames.check(candidate, "column");
    }

    /** The name Tinybird gives the i-th column of a file without a header: {@code column_00}, {@code column_01}. */
    public static String positional(int index) {
        return String.format(Locale.ROOT, "column_%02d", index);
    }
}
