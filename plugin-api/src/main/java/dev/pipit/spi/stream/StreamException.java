package dev.pipit.spi.stream;

/** A stream could not be read or committed; the message names the cause and never a setting's value. */
public class StreamException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StreamException(String message) {
        super(message);
    }

    public StreamException(String message, Throwable cause) {
        super(message, cause);
    }
}
