package dev.pipit.scheduler.cli;

import dev.pipit.scheduler.daemon.ClosedDatabaseWatch;
import dev.pipit.scheduler.daemon.Daemon;
import dev.pipit.scheduler.daemon.ProcessStop;
import dev.pipit.scheduler.daemon.UnusableJvmExit;
import dev.pipit.scheduler.deploy.DeploymentRules;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bin/scheduler start}: the daemon, in the foreground. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Run the daemon in the foreground: schedule @auto data sources, serve triggers over JMX.",
                "A project that differs from the latest deployment is deployed first, by the rules of `deploy`.",
                "Stop it with Ctrl-C or SIGTERM: runs end after their current file, which commits.",
                "Ctrl-C again stops at once: the files in progress roll back whole and stay pending."},
        footer = {"", "Exit codes: 1 the project has errors, cannot be deployed, or the daemon could not start; 70 the "
                + "JVM failed (out of memory) or H2 closed the embedded database (a full disk); 128 + the signal's "
                + "number after a stop signal (143 after SIGTERM, 130 after Ctrl-C)."})
final class StartCommand implements Callable<Integer> {
    @Mixin
    private ProjectOptions options;

    @Parameters(arity = "0..1", paramLabel = "PROJECT", description = "The project folder (default: --project or .).")
    private Path project;

    @Option(names = DeploymentRules.ALLOW_DESTRUCTIVE,
            description = "Let the deployment at start-up remove connections and data sources (tables keep their rows).")
    private boolean allowDestructiveOperations;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Optional<LoadedProject> loaded = LoadedProject.load(options, project, spec.commandLine().getErr());
        if (loaded.isEmpty()) {
            return ExitCodes.FAILED;
        }
        UnusableJvmExit.install();
        Daemon daemon = Daemon.start(options.config(), loaded.get().project(), loaded.get().plugins(),
                allowDestructiveOperations, ClosedDatabaseWatch::exitProcess);
        ProcessStop stop = ProcessStop.install(daemon, spec.commandLine().getErr(),
                Main.stopRequest(spec, "Pipit is stopping: runs end after the file in progress."));
        spec.commandLine().getOut().printf("Pipit is running on %s (node %s). JMX: %s:%d.%s Stop with Ctrl-C.%n",
                loaded.get().project().root(), daemon.node(), daemon.jmx().clientHost(), daemon.jmx().port(),
                daemon.consoleUrl().map(url -> " Console: " + url + ".").orElse(""));
        spec.commandLine().getOut().flush();
        return stop.awaitSignalAndStop();
    }
}
