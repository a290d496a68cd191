package dev.pipit.spi.error;

import java.util.Optional;

/**
 * What the core does about a failure, decided by type rather than by reading messages. A plugin throws (or wraps
 * its client's error in) {@link RetriableException}, {@link ContentException} or {@link ConfigurationException};
 * failures of no category are treated as the core sees fit (a file's read is retried, since a plugin that knew
 * better would have said so).
 */
public enum ErrorCategory {
    /** Trying the same thing again may succeed: a reset connection, a timeout, throttling, a 5xx answer. */
    RETRIABLE,
    /** The bytes are not what they claim to be: reading them again gives the same answer; the file fails. */
    CONTENT,
    /**
     * Settings or credentials are refused (access denied, no such bucket or host): nothing in the file is at
     * fault and retrying it cannot help until someone changes the connection.
     */
    CONFIGURATION;

    /**
     * The category of a failure: that of the outermost exception in its cause chain that has one, so a format
     * wrapping a store's {@link RetriableException} in its own exception keeps it retriable.
     */
    public static Optional<ErrorCategory> of(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof CategorizedError categorized) {
                return Optional.of(categorized.category());
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Optional.empty();
    }
}
