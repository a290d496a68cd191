package dev.pipit.spi.stream;

import static java.util.Objects.requireNonNull;

/**
 * One header of a message.
 *
 * @param key the header's name
 * @param value its bytes, or {@code null}
 */
public record StreamHeader(String key, byte[] value) {
    public StreamHeader {
        requireNonNull(key, "key is null");
    }
}
