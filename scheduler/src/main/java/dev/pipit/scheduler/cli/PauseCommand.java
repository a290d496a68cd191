package dev.pipit.scheduler.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bin/scheduler pause}: Stop consuming a Kafka data source on the running daemon, after its batch in progress. */
@Command(name = "pause", mixinStandardHelpOptions = true,
        description = {"Stop consuming a Kafka data source on the running daemon, after its batch in progress.",
                "It stays paused until `bin/scheduler resume` or a restart of the daemon; offsets stay where they are."},
        footer = {"", "The daemon is found at jmx.host:jmx.port of the configuration (PIPIT_JMX_PORT).",
                "Exit codes: 0 done, 2 no such Kafka data source, 3 no daemon answers."})
final class PauseCommand implements Callable<Integer> {
    @Mixin
    private ProjectOptions options;

    @Parameters(paramLabel = "DATASOURCE", description = "The Kafka data source.")
    private String dataSource;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        return StreamSwitch.apply("pause", options, dataSource, (control, name) -> control.pause(name),
                spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
