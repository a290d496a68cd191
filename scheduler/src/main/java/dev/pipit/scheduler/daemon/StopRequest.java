package dev.pipit.scheduler.daemon;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The stop signals a foreground command receives ({@link StopSignals}): the first asks it to stop after the files in
 * progress, which commit; a second, during that stop (Ctrl-C pressed again), ends the process at once. Who sends a
 * second will not wait for a large file, and what the files in progress had not committed rolls back and stays
 * pending, exactly as after a {@code kill -9}, which the crash tests show loses and duplicates nothing.
 */
public final class StopRequest {
    /** What a JVM ended by a signal exits with; scripts and supervisors know it (143 after SIGTERM). */
    private static final int SIGNAL_EXIT_BASE = 128;

    private final PrintWriter err;
    private final String notice;
    private final IntConsumer halt;
    private final AtomicInteger signal = new AtomicInteger();
    private final CountDownLatch requested = new CountDownLatch(1);

    StopRequest(PrintWriter err, String notice, IntConsumer halt) {
        this.err = err;
        this.notice = notice;
        this.halt = halt;
    }

    /**
     * Starts taking this process's stop signals.
     *
     * @param notice what the first signal makes the command do, printed on {@code err} when it comes
     */
    public static StopRequest fromSignals(PrintWriter err, String notice) {
        StopRequest request = new StopRequest(err, notice, Runtime.getRuntime()::halt);
        StopSignals.forward(request::signalled);
        return request;
    }

    /** A request no signal makes: for a command run inside another program's JVM, a test's. */
    public static StopRequest unsignalled() {
        return new StopRequest(null, null, status -> {
            throw new IllegalStateException("no signal reaches an unsignalled stop request");
        });
    }

    public boolean isRequested() {
        return signal.get() != 0;
    }

    /** Waits for the first stop signal. */
    public void await() throws InterruptedException {
        requested.await();
    }

    /** {@code 128 +} the number of the signal that asked to stop, as the JVM exits after one; else {@code otherwise}. */
    public int exitStatus(int otherwise) {
        int number = signal.get();
        return number == 0 ? otherwise : SIGNAL_EXIT_BASE + number;
    }

    void signalled(int number) {
        if (!signal.compareAndSet(0, number)) {
            err.println("Stopping at once: the files in progress roll back and stay pending.");
            err.flush();
            halt.accept(SIGNAL_EXIT_BASE + number);
            return;
        }
        err.println(notice + " Ctrl-C again stops at once (those files roll back and stay pending).");
        err.flush();
        requested.countDown();
    }
}
