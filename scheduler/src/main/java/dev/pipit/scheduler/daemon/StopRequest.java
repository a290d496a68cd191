package dev.pipit.scheduler.daemon;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The stop signals a foreground command receives ({@link StopSignals}): the first asks it to stop as it can (after
 * the files in progress, which commit; a pipe run cancels its statement and rolls back); a second, during that stop
 * (Ctrl-C pressed again), ends the process at once. Who sends a second will not wait, and what had not committed
 * rolls back, exactly as after a {@code kill -9}, which the crash tests show loses and duplicates nothing.
 */
public final class StopRequest {
    /** What a JVM ended by a signal exits with; scripts and supervisors know it (143 after SIGTERM). */
    private static final int SIGNAL_EXIT_BASE = 128;

    private final PrintWriter err;
    private final String notice;
    private final String haltNotice;
    private final IntConsumer halt;
    private final AtomicInteger signal = new AtomicInteger();
    private final CountDownLatch requested = new CountDownLatch(1);
    private final List<Runnable> onRequest = new CopyOnWriteArrayList<>();

    StopRequest(PrintWriter err, String notice, String haltNotice, IntConsumer halt) {
        this.err = err;
        this.notice = notice;
        this.haltNotice = haltNotice;
        this.halt = halt;
    }

    /**
     * Starts taking this process's stop signals.
     *
     * @param notice what the first signal makes the command do, printed on {@code err} when it comes
     * @param haltNotice what ending at once leaves, printed on {@code err} at the second
     */
    public static StopRequest fromSignals(PrintWriter err, String notice, String haltNotice) {
        StopRequest request = new StopRequest(err, notice, haltNotice, Runtime.getRuntime()::halt);
        StopSignals.forward(request::signalled);
        return request;
    }

    /** A request no signal makes: for a command run inside another program's JVM, a test's. */
    public static StopRequest unsignalled() {
        return new StopRequest(null, null, null, status -> {
            throw new IllegalStateException("no signal reaches an unsignalled stop request");
        });
    }

    /**
     * Runs {@code action} on the signal's thread when the first signal comes, or now if it came already: for work
     * that has no point between files to look at {@link #isRequested()}, and must be told.
     */
    public void onRequest(Runnable action) {
        onRequest.add(action);
        if (isRequested() && onRequest.remove(action)) {
            action.run();
        }
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
            err.println(haltNotice);
            err.flush();
            halt.accept(SIGNAL_EXIT_BASE + number);
            return;
        }
        err.println(notice);
        err.flush();
        requested.countDown();
        for (Runnable action : onRequest) {
            if (onRequest.remove(action)) {
                action.run();
            }
        }
    }
}
