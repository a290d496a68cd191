package dev.pipit.scheduler.ledger;

import java.util.Locale;

/** Where a file stands in the ledger; stored in lower case ({@code pending}) as the CHECK constraint expects. */
public enum FileStatus {
    /** Discovered and waiting for a run. */
    PENDING,
    /** Claimed by a run whose transaction is still open; nobody outside that transaction sees this state. */
    IMPORTING,
    IMPORTED,
    /**
     * The import failed for good; the error column says why. A transient failure keeps the file {@link #PENDING}
     * until its retries across runs are used up; {@code bin/scheduler retry} puts a failed file back.
     */
    FAILED;

    public String sqlValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FileStatus fromSql(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
