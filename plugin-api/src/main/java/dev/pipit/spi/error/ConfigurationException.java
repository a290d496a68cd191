package dev.pipit.spi.error;

import java.io.IOException;

/**
 * The connection's settings or credentials are refused: access denied, an unknown bucket, host or account.
 * Permanent until someone changes the connection; the core does not retry it.
 *
 * <p>The message names the connection and the object, never a credential or a setting's value.
 */
public class ConfigurationException extends IOException implements CategorizedError {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public final ErrorCategory category() {
        return ErrorCategory.CONFIGURATION;
    }
}
