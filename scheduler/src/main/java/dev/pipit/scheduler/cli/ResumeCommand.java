package dev.pipit.scheduler.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bin/scheduler resume}: Consume a paused Kafka data source again, from its stored offsets. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Consume a paused Kafka data source again, from its stored offsets."},
        footer = {"", "The daemon is found at jmx.host:jmx.port of the configuration (PIPIT_JMX_PORT).",
                "Exit codes: 0 done, 2 no such Kafka data source, 3 no daemon answers."})
final class ResumeCommand implements Callable<Integer> {
    @Mixin
    private ProjectOptions options;

    @Parameters(paramLabel = "DATASOURCE", description = "The Kafka data source.")
    private String dataSource;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        return StreamSwitch.apply("resume", options, dataSource, (control, name) -> control.resume(name),
                spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
