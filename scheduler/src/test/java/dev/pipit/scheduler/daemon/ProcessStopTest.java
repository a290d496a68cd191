package dev.pipit.scheduler.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The real signals and shutdown hook are {@code GracefulStopIT}'s; here, what follows from them. */
class ProcessStopTest {
    private static final int SIGINT = 2;
    private static final int SIGTERM = 15;

    @Test
    void aSignalStopsTheDaemonOnceAndGivesTheJvmsExitStatus() throws Exception {
        CountDownLatch closing = new CountDownLatch(1);
        CountDownLatch mayFinish = new CountDownLatch(1);
        AtomicInteger closes = new AtomicInteger();
        List<Integer> halts = new CopyOnWriteArrayList<>();
        ProcessStop stop = new ProcessStop(() -> {
            closes.incrementAndGet();
            closing.countDown();
            mayFinish.await();
        }, new PrintWriter(new StringWriter()), halts::add);

        CompletableFuture<Void> signalled = CompletableFuture.runAsync(() -> stop.stopFor(SIGTERM));
        assertThat(closing.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> hook = CompletableFuture.runAsync(stop::stop);
        mayFinish.countDown();
        CompletableFuture.allOf(signalled, hook).get(10, TimeUnit.SECONDS);

        assertThat(closes).hasValue(1);
        assertThat(halts).isEmpty();
        assertThat(stop.awaitExitStatus(0)).isEqualTo(143);
    }

    @Test
    void aSecondSignalDuringTheStopEndsTheProcessAtOnce() throws Exception {
        CountDownLatch closing = new CountDownLatch(1);
        CountDownLatch mayFinish = new CountDownLatch(1);
        StringWriter err = new StringWriter();
        List<Integer> halts = new CopyOnWriteArrayList<>();
        ProcessStop stop = new ProcessStop(() -> {
            closing.countDown();
            mayFinish.await();
        }, new PrintWriter(err), halts::add);

        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> stop.stopFor(SIGINT));
        assertThat(closing.await(10, TimeUnit.SECONDS)).isTrue();
        stop.stopFor(SIGINT);

        assertThat(halts).containsExactly(130);
        assertThat(err.toString()).contains("Ctrl-C again stops at once", "Pipit stops at once");
        mayFinish.countDown();
        first.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aStopByTheJvmsShutdownKeepsTheCallersStatusAndReportsAFailedClose() throws Exception {
        StringWriter err = new StringWriter();
        ProcessStop stop = new ProcessStop(() -> {
            throw new IllegalStateException("the console would not stop");
        }, new PrintWriter(err), status -> {
            throw new AssertionError("halted with " + status);
        });

        stop.stop();

        assertThat(stop.awaitExitStatus(0)).isZero();
        assertThat(err.toString()).isEqualTo("Pipit did not stop cleanly: the console would not stop"
                + System.lineSeparator());
    }
}
