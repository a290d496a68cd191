package dev.pipit.scheduler.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The real signals are {@code GracefulStopIT}'s; here, what follows from them. */
class StopRequestTest {
    private static final int SIGINT = 2;
    private static final int SIGTERM = 15;

    private final StringWriter err = new StringWriter();
    private final List<Integer> halts = new CopyOnWriteArrayList<>();
    private final StopRequest request = new StopRequest(new PrintWriter(err),
            "run: stopping after the files. Ctrl-C again stops at once.", "Stopping at once.", halts::add);

    @Test
    void theFirstSignalAsksToStopAndGivesTheJvmsExitStatus() throws Exception {
        assertThat(request.isRequested()).isFalse();
        assertThat(request.exitStatus(1)).isEqualTo(1);

        request.signalled(SIGTERM);
        request.await();

        assertThat(request.isRequested()).isTrue();
        assertThat(request.exitStatus(1)).isEqualTo(143);
        assertThat(err.toString()).startsWith("run: stopping after the files. Ctrl-C again stops at once");
        assertThat(halts).isEmpty();
    }

    @Test
    void aSecondSignalEndsTheProcessAtOnce() {
        request.signalled(SIGINT);
        request.signalled(SIGINT);

        assertThat(halts).containsExactly(130);
        assertThat(err.toString()).contains("Stopping at once.");
    }

    @Test
    void whatWaitsForTheRequestRunsOnceWhenItComesOrAtOnceAfter() {
        List<String> ran = new CopyOnWriteArrayList<>();
        request.onRequest(() -> ran.add("before"));

        request.signalled(SIGTERM);
        request.onRequest(() -> ran.add("after"));

        assertThat(ran).containsExactly("before", "after");
    }

    @Test
    void aRequestNoSignalReachesIsNeverMade() {
        StopRequest unsignalled = StopRequest.unsignalled();

        assertThat(unsignalled.isRequested()).isFalse();
        assertThat(unsignalled.exitStatus(0)).isZero();
    }
}
