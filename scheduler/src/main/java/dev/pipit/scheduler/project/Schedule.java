package dev.pipit.scheduler.project;

import java.util.Locale;
import java.util.Optional;

/** When an import data source runs: {@code IMPORT_SCHEDULE @auto}, {@code @on-demand} or {@code @event}. */
public enum Schedule {
    /** Every interval (60 s by default), at most a few files (5 by default) per run. */
    AUTO("@auto"),
    /** Only when triggered; a triggered run drains every new file. */
    ON_DEMAND("@on-demand"),
    /**
     * Pipit extension, with {@code IMPORT_NOTIFICATIONS}: as soon as the bucket's events tell of new files, all of
     * them; every interval too, for files an earlier run left pending.
     */
    EVENT("@event");

    private final String datafileValue;

    Schedule(String datafileValue) {
        this.datafileValue = datafileValue;
    }

    public String datafileValue() {
        return datafileValue;
    }

    public static Optional<Schedule> parse(String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        for (Schedule schedule : values()) {
            if (schedule.datafileValue.equals(wanted)) {
                return Optional.of(schedule);
            }
        }
        return Optional.empty();
    }
}
