package dev.pipit.scheduler.cli;

import dev.pipit.scheduler.daemon.NodeId;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.pipe.SinkExport;
import dev.pipit.scheduler.project.PipeDef;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bin/scheduler sink run PIPE}: exports a sink pipe once, now, in this process. */
@Command(name = "sink", mixinStandardHelpOptions = true, description = "Sink pipes: export query results to a bucket.",
        subcommands = SinkCommand.Run.class)
final class SinkCommand {
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Export a sink pipe once, now, and wait for it; beside a daemon, the run is recorded in "
                    + "the same history as scheduled ones."},
            footer = {"", "Exit codes: 0 exported, 1 the export failed (no object is left under a final name), "
                    + "2 no such pipe, 3 database unreachable."})
    static final class Run implements Callable<Integer> {
        @Mixin
        private ProjectOptions options;

        @Parameters(index = "0", paramLabel = "PIPE", description = "The sink pipe's name (its file without .pipe).")
        private String pipeName;

        @Option(names = "--param", paramLabel = "NAME=VALUE",
                description = "A value for a {{ Type(name, default) }} parameter; repeat for more.")
        private Map<String, String> parameters = new LinkedHashMap<>();

        @Option(names = "--wait", description = "Accepted for Tinybird's CLI: this command always waits.")
        private boolean await;

        @Option(names = "--json", description = "Print {run, pipe, status, rows, bytes, files, error}.")
        private boolean json;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            Optional<LoadedProject> loaded = LoadedProject.load(options, null, err);
            if (loaded.isEmpty()) {
                return ExitCodes.FAILED;
            }
            Optional<PipeDef> pipe = PipeRunOutput.find(loaded.get(), pipeName, "sink", err);
            if (pipe.isEmpty()) {
                return ExitCodes.USAGE;
            }
            try (Database database = Database.open(options.config(), loaded.get().project().root())) {
                SinkExport export = new SinkExport(database, loaded.get().plugins(), NodeId.of(options.config()));
                return PipeRunOutput.print(export.run(loaded.get().project(), pipe.get(), parameters, null), json,
                        spec.commandLine().getOut());
            }
        }
    }
}
