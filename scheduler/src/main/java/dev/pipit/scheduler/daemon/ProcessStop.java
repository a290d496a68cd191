package dev.pipit.scheduler.daemon;

import java.io.PrintWriter;

/**
 * Stops the daemon of {@code bin/scheduler start} once: on the first stop signal ({@link StopRequest}), before the
 * JVM shuts down, or from a shutdown hook when the JVM ends another way.
 */
public final class ProcessStop {
    private final AutoCloseable daemon;
    private final PrintWriter err;
    private final StopRequest request;
    private boolean stopped;

    ProcessStop(AutoCloseable daemon, PrintWriter err, StopRequest request) {
        this.daemon = daemon;
        this.err = err;
        this.request = request;
    }

    /** Stops {@code daemon} on the first stop {@code request}, or as the JVM shuts down, whichever comes first. */
    public static ProcessStop install(AutoCloseable daemon, PrintWriter err, StopRequest request) {
        ProcessStop stop = new ProcessStop(daemon, err, request);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::stop, "pipit-shutdown"));
        return stop;
    }

    /**
     * Waits for a stop signal, stops the daemon, and tells what the process exits with.
     *
     * @return {@code 128 +} the signal's number, as the JVM exits after one (143 after SIGTERM)
     */
    public int awaitSignalAndStop() throws InterruptedException {
        request.await();
        stop();
        return request.exitStatus(0);
    }

    /** Closes the daemon, or waits for the close another thread began: a caller finds it closed when this returns. */
    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            daemon.close();
        } catch (Exception e) {
            err.println("Pipit did not stop cleanly: " + e.getMessage());
            err.flush();
        }
    }
}
