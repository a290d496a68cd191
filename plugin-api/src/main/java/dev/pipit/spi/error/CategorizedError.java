package dev.pipit.spi.error;

/**
 * An exception that says what kind of failure it is. Implemented by the SPI's three exception types, and by
 * {@link dev.pipit.spi.stream.StreamException}, which streams throw unchecked.
 */
public interface CategorizedError {
    ErrorCategory category();
}
