package dev.pipit.scheduler.cli;

import dev.pipit.scheduler.admin.PipitControlMXBean;
import picocli.CommandLine.Command;

/** {@code bin/scheduler resume}: Consume a paused Kafka data source again, from its stored offsets. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Consume a paused Kafka data source again, from its stored offsets."},
        footer = {"", "The daemon is found at jmx.host:jmx.port of the configuration (PIPIT_JMX_PORT).",
                "Exit codes: 0 done, 2 no such Kafka data source, 3 no daemon answers."})
final class ResumeCommand extends StreamSwitch {
    @Override
    void apply(PipitControlMXBean control, String dataSource) {
        control.resume(dataSource);
    }
}
