package dev.pipit.plugin.kafka;

import dev.pipit.spi.error.ErrorCategory;
import dev.pipit.spi.stream.StreamException;
import javax.security.auth.login.LoginException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;

/** Turns kafka-clients' exceptions into the SPI's, with the category the core shows and restarts by. */
final class KafkaErrors {
    private KafkaErrors() {}

    /**
     * Refused credentials, missing ACLs and bad client settings are configuration failures, which waiting does not
     * mend; every other failure (an unreachable broker, a rebalance, a timeout) may pass. kafka-clients wraps the
     * refusal of an OAuth token endpoint in a consumer that "failed to construct", so the whole cause chain counts,
     * and its innermost message, which says what was refused, is kept. kafka-clients' messages name URLs and HTTP
     * answers, never the credentials sent.
     */
    static StreamException translate(String message, KafkaException error) {
        boolean configuration = false;
        Throwable root = error;
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            configuration |= cause instanceof AuthenticationException || cause instanceof AuthorizationException
                    || cause instanceof ConfigException || cause instanceof LoginException;
            root = cause;
        }
        String rootMessage = root == error || root.getMessage() == null ? "" : " (" + root.getMessage() + ")";
        return new StreamException(configuration ? ErrorCategory.CONFIGURATION : ErrorCategory.RETRIABLE,
                message + ": " + error.getMessage() + rootMessage, error);
    }
}
