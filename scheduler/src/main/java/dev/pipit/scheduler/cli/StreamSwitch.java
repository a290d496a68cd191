package dev.pipit.scheduler.cli;

import dev.pipit.scheduler.admin.JmxClient;
import dev.pipit.scheduler.admin.JmxSettings;
import dev.pipit.scheduler.admin.PipitControlMXBean;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.BiConsumer;

/** What {@code pause} and {@code resume} share: ask the running daemon, over JMX, to switch a Kafka data source. */
final class StreamSwitch {
    private StreamSwitch() {}

    /**
     * @param action the JMX operation to call with the data source
     * @return the exit code
     */
    static int apply(String command, ProjectOptions options, String dataSource,
            BiConsumer<PipitControlMXBean, String> action, PrintWriter out, PrintWriter err) {
        try (JmxClient client = JmxClient.connect(JmxSettings.from(options.config()))) {
            try {
                action.accept(client.control(), dataSource);
            } catch (IllegalArgumentException e) {
                err.println(command + ": " + e.getMessage());
                return ExitCodes.USAGE;
            }
            out.println(dataSource + ": " + client.control().streamState(dataSource));
            out.flush();
            return ExitCodes.OK;
        } catch (IOException e) {
            err.println(command + ": " + e.getMessage());
            return ExitCodes.UNAVAILABLE;
        }
    }
}
