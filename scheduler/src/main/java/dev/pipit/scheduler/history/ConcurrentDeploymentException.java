package dev.pipit.scheduler.history;

/** Another deployment was recorded between planning a deployment and recording it. */
public final class ConcurrentDeploymentException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public ConcurrentDeploymentException(String message) {
        super(message);
    }
}
