package dev.pipit.scheduler.daemon;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Stops the daemon of {@code bin/scheduler start} once: on a stop signal, before the JVM shuts down
 * ({@link StopSignals}), or from a shutdown hook when the JVM ends another way.
 *
 * <p>A second signal during the stop (Ctrl-C pressed again) ends the process at once, without finishing the files in
 * progress: who sends it will not wait for a large file. What they had not committed rolls back and stays pending,
 * exactly as after a {@code kill -9}, which the crash tests show loses and duplicates nothing.
 */
public final class ProcessStop {
    /** What a JVM ended by a signal exits with; scripts and supervisors know it (143 after SIGTERM). */
    private static final int SIGNAL_EXIT_BASE = 128;

    private final AutoCloseable daemon;
    private final PrintWriter err;
    private final AtomicBoolean begun = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicInteger signal = new AtomicInteger();
    private final IntConsumer halt;

    ProcessStop(AutoCloseable daemon, PrintWriter err, IntConsumer halt) {
        this.daemon = daemon;
        this.err = err;
        this.halt = halt;
    }

    /** Stops {@code daemon} on the first stop signal, or as the JVM shuts down, whichever comes first. */
    public static ProcessStop install(AutoCloseable daemon, PrintWriter err) {
        ProcessStop stop = new ProcessStop(daemon, err, Runtime.getRuntime()::halt);
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
        if (!signal.compareAndSet(0, signalNumber)) {
            err.println("Pipit stops at once: the files in progress roll back and stay pending");
            err.flush();
            halt.accept(SIGNAL_EXIT_BASE + signalNumber);
            return;
        }
        err.println("Pipit is stopping: runs end after the file in progress. Ctrl-C again stops at once (those files"
                + " roll back and stay pending).");
        err.flush();
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
