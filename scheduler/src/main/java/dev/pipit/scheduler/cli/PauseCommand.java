package dev.pipit.scheduler.cli;

import dev.pipit.scheduler.admin.PipitControlMXBean;
import picocli.CommandLine.Command;

/** {@code bin/scheduler pause}: Stop consuming a Kafka data source on the running daemon, after its batch in progress. */
@Command(name = "pause", mixinStandardHelpOptions = true,
        description = {"Stop consuming a Kafka data source on the running daemon, after its batch in progress.",
                "It stays paused until `bin/scheduler resume` or a restart of the daemon; offsets stay where they are."},
        footer = {"", "The daemon is found at jmx.host:jmx.port of the configuration (PIPIT_JMX_PORT).",
                "Exit codes: 0 done, 2 no such Kafka data source, 3 no daemon answers."})
final class PauseCommand extends StreamSwitch {
    @Override
    void apply(PipitControlMXBean control, String dataSource) {
        control.pause(dataSource);
    }
}
