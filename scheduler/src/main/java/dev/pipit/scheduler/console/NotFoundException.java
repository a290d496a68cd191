package dev.pipit.scheduler.console;

/** The request names a data source, run, connection or page that does not exist: a 404 with this message. */
public final class NotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(message, null, false, false);
    }
}
