package dev.pipit.scheduler.catalog;

import java.util.regex.Pattern;

/** The names Pipit puts in SQL. They are always quoted but never escaped, so only names needing no escape pass. */
final class SqlNames {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private SqlNames() {}

    /**
     * @param what "column" or "table", for the message
     * @throws IllegalArgumentException when the name needs escaping
     */
    static String check(String name, String what) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid " + what + " name '" + name + "': use letters, digits and _");
        }
        return name;
    }
}
