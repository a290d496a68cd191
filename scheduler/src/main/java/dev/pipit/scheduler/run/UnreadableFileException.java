package dev.pipit.scheduler.run;

/**
 * A file that can never import as it is (no format for it, not the format it claims to be). The run marks it
 * failed with this message and goes on with the next file; retrying would not help.
 */
public final class UnreadableFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnreadableFileException(String message) {
        super(message);
    }

    public UnreadableFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
