package dev.pipit.scheduler.history;

import java.util.Locale;

/** How a run ended, or {@link #RUNNING} while it has not; stored in lower case. */
public enum RunStatus {
    RUNNING,
    /** Every claimed file was imported. */
    SUCCEEDED,
    /** Some files were imported and some failed. */
    PARTIAL,
    /** Nothing was imported: every file failed, or the run itself did (listing the bucket, a crash). */
    FAILED;

    public String sqlValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus fromSql(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
