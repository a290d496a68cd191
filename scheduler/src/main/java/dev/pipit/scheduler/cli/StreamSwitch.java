package dev.pipit.scheduler.cli;

import dev.pipit.scheduler.admin.JmxClient;
import dev.pipit.scheduler.admin.JmxSettings;
import dev.pipit.scheduler.admin.PipitControlMXBean;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** What {@code pause} and {@code resume} share: ask the running daemon, over JMX, to switch a Kafka data source. */
abstract class StreamSwitch implements Callable<Integer> {
    @Mixin
    private ProjectOptions options;

    @Parameters(paramLabel = "DATASOURCE", description = "The Kafka data source.")
    private String dataSource;

    @Spec
    private CommandSpec spec;

    /** The JMX operation that switches the data source. */
    abstract void apply(PipitControlMXBean control, String dataSource);

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (JmxClient client = JmxClient.connect(JmxSettings.from(options.config()))) {
            try {
                apply(client.control(), dataSource);
            } catch (IllegalArgumentException e) {
                err.println(spec.name() + ": " + e.getMessage());
                return ExitCodes.USAGE;
            }
            out.println(dataSource + ": " + client.control().streamState(dataSource));
            out.flush();
            return ExitCodes.OK;
        } catch (IOException e) {
            err.println(spec.name() + ": " + e.getMessage());
            return ExitCodes.UNAVAILABLE;
        }
    }
}
