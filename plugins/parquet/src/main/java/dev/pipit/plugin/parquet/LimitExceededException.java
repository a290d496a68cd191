package dev.pipit.plugin.parquet;

import dev.pipit.spi.error.ContentException;

/**
 * A file that needs more memory than {@code import.max-value-size} allows: its content's fault, so the file fails
 * for good. Its own type so the message survives the wrapping of parquet-hadoop and of the page reader on its way to
 * the ledger.
 */
final class LimitExceededException extends ContentException {
    private static final long serialVersionUID = 1L;

    LimitExceededException(String message) {
        super(message);
    }

    /** The limit's message when {@code error} or one of its causes is one, else {@code null}. */
    static String findIn(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof LimitExceededException) {
                return cause.getMessage();
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

    static String bytes(long count) {
        return count >= 1L << 20 && count % (1L << 20) == 0 ? (count >> 20) + " MB"
                : count >= 1024 && count % 1024 == 0 ? (count >> 10) + " KB" : count + " bytes";
    }
}
