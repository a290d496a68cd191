package dev.pipit.scheduler.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProcessStopTest {
    private static final int SIGTERM = 15;

    @Test
    void aSignalStopsTheDaemonOnceThoughTheShutdownHookAsksToo() throws Exception {
        CountDownLatch closing = new CountDownLatch(1);
        CountDownLatch mayFinish = new CountDownLatch(1);
        AtomicInteger closes = new AtomicInteger();
        ProcessStop stop = new ProcessStop(() -> {
            closes.incrementAndGet();
            closing.countDown();
            mayFinish.await();
        }, new PrintWriter(new StringWriter()), StopRequest.unsignalled());

        CompletableFuture<Void> hook = CompletableFuture.runAsync(stop::stop);
        assertThat(closing.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> again = CompletableFuture.runAsync(stop::stop);
        mayFinish.countDown();
        CompletableFuture.allOf(hook, again).get(10, TimeUnit.SECONDS);

        assertThat(closes).hasValue(1);
    }

    @Test
    void theSignalsExitStatusComesAfterTheStop() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        StopRequest request = new StopRequest(new PrintWriter(new StringWriter()), "stopping.", "halting.",
                status -> { });
        ProcessStop stop = new ProcessStop(closes::incrementAndGet, new PrintWriter(new StringWriter()), request);

        request.signalled(SIGTERM);

        assertThat(stop.awaitSignalAndStop()).isEqualTo(143);
        assertThat(closes).hasValue(1);
    }

    @Test
    void aFailedCloseIsReported() {
        StringWriter err = new StringWriter();
        ProcessStop stop = new ProcessStop(() -> {
            throw new IllegalStateException("the console would not stop");
        }, new PrintWriter(err), StopRequest.unsignalled());

        stop.stop();

        assertThat(err.toString()).isEqualTo("Pipit did not stop cleanly: the console would not stop"
                + System.lineSeparator());
    }
}
