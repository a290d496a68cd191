package dev.pipit.plugin.kafka;

import dev.pipit.spi.error.ErrorCategory;
import dev.pipit.spi.stream.StreamException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;

/** Turns kafka-clients' exceptions into the SPI's, with the category the core shows and restarts by. */
final class KafkaErrors {
    private KafkaErrors() {}

    /**
     * Refused credentials, missing ACLs and bad client settings are configuration failures, which waiting does not
     * mend; every other failure (an unreachable broker, a rebalance, a timeout) may pass.
     */
    static StreamException translate(String message, KafkaException error) {
        boolean configuration = error instanceof AuthenticationException || error instanceof AuthorizationException
                || error instanceof ConfigException;
        return new StreamException(configuration ? ErrorCategory.CONFIGURATION : ErrorCategory.RETRIABLE,
                message + ": " + error.getMessage(), error);
    }
}
