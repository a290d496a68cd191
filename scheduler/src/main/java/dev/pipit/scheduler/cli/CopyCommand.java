package dev.pipit.scheduler.cli;

import dev.pipit.scheduler.daemon.NodeId;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.pipe.CopyRun;
import dev.pipit.scheduler.pipe.PipeRun;
import dev.pipit.scheduler.pipe.PipeStop;
import dev.pipit.scheduler.project.CopySpec;
import dev.pipit.scheduler.project.PipeDef;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/scheduler copy run PIPE}: runs a copy pipe once, now, in this process. */
@Command(name = "copy", mixinStandardHelpOptions = true,
        description = "Copy pipes: insert query results into a data source.", subcommands = CopyCommand.Run.class)
final class CopyCommand {
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Run a copy pipe once, now, in one transaction, and wait for it."},
            footer = {"", "Ctrl-C (or SIGTERM) stops the copy at once: it rolls back, the run is recorded as stopped, "
                    + "and the command exits with 128 + the signal's number (130, 143).",
                "", "Exit codes: 0 copied, 1 the copy failed (the target is unchanged), 2 no such pipe, "
                    + "3 database unreachable."})
    static final class Run extends PipeRunCommand {
        @Option(names = "--mode", paramLabel = "MODE", description = "append or replace; overrides COPY_MODE.")
        private CopySpec.Mode mode;

        Run() {
            super("copy");
        }

        @Override
        PipeRun run(Database database, LoadedProject loaded, PipeDef pipe, Map<String, String> parameters,
                PipeStop stop) {
            return new CopyRun(database, NodeId.of(options.config()), stop).run(loaded.project(), pipe, parameters,
                    mode, null);
        }
    }
}
