package dev.pipit.spi.error;

import java.io.IOException;

/**
 * A failure to deliver that may pass: a reset or refused connection, a timeout, throttling, a 5xx answer, a body
 * cut short. The core reads a file again from its first byte, a limited number of times.
 *
 * <p>The message names the connection and the object, never a credential or a setting's value.
 */
public class RetriableException extends IOException implements CategorizedError {
    private static final long serialVersionUID = 1L;

    public RetriableException(String message) {
        super(message);
    }

    public RetriableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public final ErrorCategory category() {
        return ErrorCategory.RETRIABLE;
    }
}
