package dev.pipit.scheduler.run;

import dev.pipit.spi.error.RetriableException;

/**
 * The object store failed to deliver a file's bytes (a broken connection, a stalled read, an error answer, a
 * download cut short), as opposed to the bytes being bad: the file is worth another attempt from its first byte.
 * The core's own name for the failures it notices itself, and for a store's failures of no category.
 */
final class StoreReadException extends RetriableException {
    private static final long serialVersionUID = 1L;

    StoreReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
