package dev.pipit.scheduler.daemon;

import java.util.List;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Hands the signals that ask a process to stop (SIGTERM from systemd, Docker or {@code kill}, SIGINT from Ctrl-C,
 * SIGHUP when its terminal closes) to the command ({@link StopRequest}) instead of beginning the JVM's shutdown.
 *
 * <p>A shutdown hook alone is too late: the JVM starts every hook at once, and H2 has one that closes each embedded
 * database (it cannot be turned off while {@code AUTO_SERVER}, which the admin commands need, is on). The daemon's
 * hook found the database closing under the file it was finishing, which rolled back, and under Quartz, which logged
 * errors; {@code run} had no hook and printed the failures of its file. {@code sun.misc.Signal} (module {@code jdk.unsupported}) is the JDK's one way to handle a signal; javac
 * warns of it. A signal ignored when the JVM started (SIGHUP under {@code nohup}) stays ignored: the JVM does not
 * install a handler for it.
 */
final class StopSignals {
    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);
    private static final List<String> STOP_SIGNALS = List.of("TERM", "INT", "HUP");

    private StopSignals() {}

    /**
     * Calls {@code onSignal} with the signal's number, on a thread the JVM starts for it, for each stop signal that
     * arrives. A signal the platform does not let a program handle stays with the JVM's shutdown.
     */
    static void forward(IntConsumer onSignal) {
        for (String name : STOP_SIGNALS) {
            try {
                Signal.handle(new Signal(name), signal -> onSignal.accept(signal.getNumber()));
            } catch (IllegalArgumentException e) {
                LOG.debug("SIG{} stays with the JVM's shutdown: {}", name, e.getMessage());
            }
        }
    }
}
