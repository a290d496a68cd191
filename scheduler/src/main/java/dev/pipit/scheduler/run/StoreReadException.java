package dev.pipit.scheduler.run;

import java.io.IOException;

/**
 * The object store failed to deliver a file's bytes (a broken connection, a stalled read, an error answer, a
 * download cut short), as opposed to the bytes being bad: the file is worth another attempt from its first byte.
 */
final class StoreReadException extends IOException {
    private static final long serialVersionUID = 1L;

    StoreReadException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether a failure, however a format wrapped it, started as the store failing to deliver. */
    static boolean isCauseOf(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof StoreReadException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
