package dev.pipit.scheduler.cli;

import dev.pipit.scheduler.daemon.StopRequest;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.pipe.PipeRun;
import dev.pipit.scheduler.pipe.PipeStop;
import dev.pipit.scheduler.project.PipeDef;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What {@code sink run} and {@code copy run} share: the pipe found by name among the project's pipes of one type,
 * its parameters from the command line, one run now in this process, and its result printed.
 */
abstract class PipeRunCommand implements Callable<Integer> {
    @Mixin
    ProjectOptions options;

    @Parameters(index = "0", paramLabel = "PIPE", description = "The pipe's name (its file without .pipe).")
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

    private final String kind;

    /** @param kind the pipes' type as the messages name it: {@code sink} or {@code copy} */
    PipeRunCommand(String kind) {
        this.kind = kind;
    }

    /** Runs {@code pipe} once with {@code parameters} on {@code database}, until done or {@code stop}ped. */
    abstract PipeRun run(Database database, LoadedProject loaded, PipeDef pipe, Map<String, String> parameters,
            PipeStop stop);

    @Override
    public final Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Optional<LoadedProject> loaded = LoadedProject.load(options, null, err);
        if (loaded.isEmpty()) {
            return ExitCodes.FAILED;
        }
        Optional<PipeDef> pipe = PipeRunOutput.find(loaded.get(), pipeName, kind, err);
        if (pipe.isEmpty()) {
            return ExitCodes.USAGE;
        }
        // Ctrl-C cancels the statement, so the run ends as failed and is recorded so before the database closes;
        // left to the JVM's shutdown, H2 closed the database under the run and its history row stayed "running".
        StopRequest signals = Main.stopRequest(spec, kind + " run: stopping: the " + kind + " is cancelled.",
                "Stopping at once.");
        PipeStop stop = new PipeStop();
        signals.onRequest(stop::request);
        try (Database database = Database.open(options.config(), loaded.get().project().root())) {
            int printed = PipeRunOutput.print(run(database, loaded.get(), pipe.get(), parameters, stop), json,
                    spec.commandLine().getOut());
            return signals.exitStatus(printed);
        }
    }
}
