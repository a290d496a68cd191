package dev.pipit.scheduler.ledger;

import java.util.Locale;

/** Where a file stands in the ledger; stored in lower case ({@code pending}) as the CHECK constraint expects. */
public enum FileStatus {
    /** Discovered and waiting for a run. */
    PENDING,
    /** Claimed by a run whose transaction is still open; nobody outside that transaction sees this state. */
    IMPORTING,
    IMPORTED,
    /** The import failed; the error column says why. A failed file is not retried on its own. */
    FAILED;

    public String sqlValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FileStatus fromSql(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
