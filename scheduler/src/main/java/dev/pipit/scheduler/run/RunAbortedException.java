package dev.pipit.scheduler.run;

/**
 * The run cannot go on, for a reason that is not the file's fault (the database went away). The file in
 * progress is rolled back and stays pending; the next run takes it again.
 */
final class RunAbortedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RunAbortedException(String message, Throwable cause) {
        super(message, cause);
    }
}
