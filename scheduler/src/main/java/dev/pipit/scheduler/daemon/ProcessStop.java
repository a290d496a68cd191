package dev.pipit.scheduler.daemon;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stops the daemon of {@code bin/scheduler start} once: on a stop signal, before the JVM shuts down
 * ({@link StopSignals}), or from a shutdown hook when the JVM ends another way. A second signal waits for the stop
 * in progress rather than start another.
 */
public final class ProcessStop {
    /** What a JVM ended by a signal exits with; scripts and supervisors know it (143 after SIGTERM). */
    private static final int SIGNAL_EXIT_BASE = 128;

    private final AutoCloseable daemon;
    private final PrintWriter err;
    private final AtomicBoolean begun = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicInteger signal = new AtomicInteger();

    ProcessStop(AutoCloseable daemon, PrintWriter err) {
        this.daemon = daemon;
        this.err = err;
    }

    /** Stops {@code daemon} on the first stop signal, or as the JVM shuts down, whichever comes first. */
    public static ProcessStop install(AutoCloseable daemon, PrintWriter err) {
        ProcessStop stop = new ProcessStop(daemon, err);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::stop, "pipit-shutdown"));
        StopSignals.forward(stop::stopFor);
        return stop;
    }

    /**
     * Waits until the daemon has stopped.
     *
     * @return the exit status for the signal that stopped it ({@code 128 + number}), or {@code whenNoSignal} when it
     *     stopped with the JVM's shutdown
     */
    public int awaitExitStatus(int whenNoSignal) throws InterruptedException {
        stopped.await();
        int number = signal.get();
        return number == 0 ? whenNoSignal : SIGNAL_EXIT_BASE + number;
    }

    void stopFor(int signalNumber) {
        signal.compareAndSet(0, signalNumber);
        stop();
    }

    void stop() {
        if (!begun.compareAndSet(false, true)) {
            awaitStopped();
            return;
        }
        try {
            daemon.close();
        } catch (Exception e) {
            err.println("Pipit did not stop cleanly: " + e.getMessage());
            err.flush();
        } finally {
            stopped.countDown();
        }
    }

    private void awaitStopped() {
        boolean interrupted = false;
        while (true) {
            try {
                stopped.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
