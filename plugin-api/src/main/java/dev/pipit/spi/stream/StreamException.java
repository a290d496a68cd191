package dev.pipit.spi.stream;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.error.CategorizedError;
import dev.pipit.spi.error.ErrorCategory;

/**
 * A stream could not be read or committed; the message names the cause and never a setting's value. Unchecked,
 * since a consumer's failures surface anywhere in its loop; the {@link #category()} says whether waiting helps
 * (the core restarts a consumer after a pause in every case, and shows a configuration failure as such).
 */
public class StreamException extends RuntimeException implements CategorizedError {
    private static final long serialVersionUID = 1L;

    private final ErrorCategory category;

    /** A failure that may pass, such as an unreachable broker. */
    public StreamException(String message) {
        this(ErrorCategory.RETRIABLE, message, null);
    }

    /** A failure that may pass, such as an unreachable broker. */
    public StreamException(String message, Throwable cause) {
        this(ErrorCategory.RETRIABLE, message, cause);
    }

    public StreamException(ErrorCategory category, String message, Throwable cause) {
        super(message, cause);
        this.category = requireNonNull(category, "category is null");
    }

    @Override
    public ErrorCategory category() {
        return category;
    }
}
