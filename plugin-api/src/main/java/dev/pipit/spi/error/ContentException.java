package dev.pipit.spi.error;

import java.io.IOException;

/**
 * The bytes are not what they claim to be (not the format, a corrupt page, a truncated footer). Permanent: the
 * core marks the file failed with this message and goes on with the next.
 *
 * <p>The message names the connection and the object, never a credential or a setting's value.
 */
public class ContentException extends IOException implements CategorizedError {
    private static final long serialVersionUID = 1L;

    public ContentException(String message) {
        super(message);
    }

    public ContentException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public final ErrorCategory category() {
        return ErrorCategory.CONTENT;
    }
}
