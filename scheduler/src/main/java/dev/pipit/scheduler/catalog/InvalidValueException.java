package dev.pipit.scheduler.catalog;

import static java.util.Objects.requireNonNull;

/**
 * A value that does not fit its column; the row goes to quarantine with this message. The message follows
 * Tinybird's wording ({@code value 'abc' on column 'amount' is not Int32}) because users' queries on quarantine
 * tables match it. Thrown per bad value, so it skips the stack trace.
 */
public final class InvalidValueException extends Exception {
    private final String column;

    public InvalidValueException(String column, String message) {
        super(message, null, false, false);
        this.column = requireNonNull(column, "column is null");
    }

    /** The column whose value did not fit. */
    public String column() {
        return column;
    }
}
