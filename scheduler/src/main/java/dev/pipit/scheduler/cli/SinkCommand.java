package dev.pipit.scheduler.cli;

import dev.pipit.scheduler.daemon.NodeId;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.pipe.PipeRun;
import dev.pipit.scheduler.pipe.PipeStop;
import dev.pipit.scheduler.pipe.SinkExport;
import dev.pipit.scheduler.project.PipeDef;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code bin/scheduler sink run PIPE}: exports a sink pipe once, now, in this process. */
@Command(name = "sink", mixinStandardHelpOptions = true, description = "Sink pipes: export query results to a bucket.",
        subcommands = SinkCommand.Run.class)
final class SinkCommand {
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Export a sink pipe once, now, and wait for it; beside a daemon, the run is recorded in "
                    + "the same history as scheduled ones."},
            footer = {"", "Ctrl-C (or SIGTERM) stops the export at once: no object is left under a final name, the run "
                    + "is recorded as stopped, and the command exits with 128 + the signal's number (130, 143).",
                "", "Exit codes: 0 exported, 1 the export failed (no object is left under a final name), "
                    + "2 no such pipe, 3 database unreachable."})
    static final class Run extends PipeRunCommand {
        Run() {
            super("sink");
        }

        @Override
        PipeRun run(Database database, LoadedProject loaded, PipeDef pipe, Map<String, String> parameters,
                PipeStop stop) {
            return new SinkExport(database, loaded.plugins(), NodeId.of(options.config()), stop)
                    .run(loaded.project(), pipe, parameters, null);
        }
    }
}
