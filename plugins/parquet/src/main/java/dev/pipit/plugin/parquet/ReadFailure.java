package dev.pipit.plugin.parquet;

import dev.pipit.spi.error.ContentException;
import dev.pipit.spi.error.ErrorCategory;
import java.io.IOException;

/**
 * parquet-hadoop's failures in the plugin's words, with the category the core acts on. What parquet-hadoop throws
 * of its own is about the bytes (a corrupt page, a footer it cannot parse, a limit reached), so the file fails for
 * good; a store's failure to deliver the bytes keeps its own category, so a broken download is still read again.
 */
final class ReadFailure {
    private ReadFailure() {}

    static IOException of(String message, Throwable cause) {
        boolean delivery = ErrorCategory.of(cause).filter(category -> category != ErrorCategory.CONTENT).isPresent();
        return delivery ? new IOException(message, cause) : new ContentException(message, cause);
    }
}
