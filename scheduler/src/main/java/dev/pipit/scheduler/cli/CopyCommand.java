package dev.pipit.scheduler.cli;

import dev.pipit.scheduler.daemon.NodeId;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.pipe.CopyRun;
import dev.pipit.scheduler.project.CopySpec;
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

/** {@code bin/scheduler copy run PIPE}: runs a copy pipe once, now, in this process. */
@Command(name = "copy", mixinStandardHelpOptions = true,
        description = "Copy pipes: insert query results into a data source.", subcommands = CopyCommand.Run.class)
final class CopyCommand {
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Run a copy pipe once, now, in one transaction, and wait for it."},
            footer = {"", "Exit codes: 0 copied, 1 the copy failed (the target is unchanged), 2 no such pipe, "
                    + "3 database unreachable."})
    static final class Run implements Callable<Integer> {
        @Mixin
        private ProjectOptions options;

        @Parameters(index = "0", paramLabel = "PIPE", description = "The copy pipe's name (its file without .pipe).")
        private String pipeName;

        @Option(names = "--param", paramLabel = "NAME=VALUE",
                description = "A value for a {{ Type(name, default) }} parameter; repeat for more.")
        private Map<String, String> parameters = new LinkedHashMap<>();

        @Option(names = "--mode", paramLabel = "MODE", description = "append or replace; overrides COPY_MODE.")
        private CopySpec.Mode mode;

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
            Optional<PipeDef> pipe = PipeRunOutput.find(loaded.get(), pipeName, "copy", err);
            if (pipe.isEmpty()) {
                return ExitCodes.USAGE;
            }
            try (Database database = Database.open(options.config(), loaded.get().project().root())) {
                CopyRun copy = new CopyRun(database, NodeId.of(options.config()));
                return PipeRunOutput.print(copy.run(loaded.get().project(), pipe.get(), parameters, mode, null),
                        json, spec.commandLine().getOut());
            }
        }
    }
}
