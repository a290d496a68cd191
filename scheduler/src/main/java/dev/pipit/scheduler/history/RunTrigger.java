package dev.pipit.scheduler.history;

import java.util.Locale;

/** What started a run; stored in lower case. */
public enum RunTrigger {
    /** The data source's schedule. */
    AUTO,
    /** A person: {@code bin/scheduler trigger}, {@code run}, or JMX. */
    MANUAL,
    /** A Kafka data source's consumer: one run per interval of continuous consumption. */
    STREAM,
    /** A sink pipe's export, scheduled or run by a person; the run's "data source" is the pipe. */
    SINK,
    /** A copy pipe's insert into its target data source; the run's "data source" is the pipe. */
    COPY;

    public String sqlValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunTrigger fromSql(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
