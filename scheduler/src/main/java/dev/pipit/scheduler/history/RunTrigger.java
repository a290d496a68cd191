package dev.pipit.scheduler.history;

import java.util.Locale;

/** What started a run; stored in lower case. */
public enum RunTrigger {
    /** The data source's schedule. */
    AUTO,
    /** A person: {@code bin/scheduler trigger}, {@code run}, or JMX. */
    MANUAL;

    public String sqlValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunTrigger fromSql(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
