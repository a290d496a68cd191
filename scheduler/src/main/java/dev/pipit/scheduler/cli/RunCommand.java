package dev.pipit.scheduler.cli;

import dev.pipit.scheduler.daemon.LeftoverRuns;
import dev.pipit.scheduler.daemon.NodeId;
import dev.pipit.scheduler.daemon.StopRequest;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.history.RunStatus;
import dev.pipit.scheduler.history.RunTrigger;
import dev.pipit.scheduler.run.ImportRunner;
import dev.pipit.scheduler.run.RunLimits;
import dev.pipit.scheduler.run.RunListener;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bin/scheduler run}: one shot, no daemon. Safe beside a running daemon: a file is claimed under a row
 * lock in the same transaction that imports it, so the two never import the same file. Without a live daemon of
 * its node, it first fails the runs a killed one left running ({@link LeftoverRuns}).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Import every new file of the given data sources now, without a daemon, then exit.",
                "Made for cron: the exit code says whether every file imported.",
                "Ctrl-C or SIGTERM stops after the files in progress, which commit; Ctrl-C again stops at once."},
        footer = {"", "Exit codes: 0 every file imported, 1 a file or run failed (see `files DATASOURCE --status failed`),",
                "3 database unreachable, 128 + the signal's number after a stop signal (143 after SIGTERM)."})
final class RunCommand implements Callable<Integer> {
    @Mixin
    private ProjectOptions options;

    @Parameters(arity = "1..*", paramLabel = "DATASOURCE", description = "Data sources to run, in order.")
    private List<String> dataSources;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Optional<LoadedProject> loaded = LoadedProject.load(options, null, err);
        if (loaded.isEmpty()) {
            return ExitCodes.FAILED;
        }
        for (String dataSource : dataSources) {
            if (!loaded.get().project().dataSources().containsKey(dataSource)
                    || loaded.get().project().dataSources().get(dataSource).importSpec().isEmpty()) {
                err.println("run: no data source named '" + dataSource + "' is imported from a bucket in "
                        + loaded.get().project().root());
                return ExitCodes.USAGE;
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        StopRequest stop = Main.stopRequest(spec, "run: stopping after the files in progress.");
        boolean allSucceeded = true;
        String node = NodeId.of(options.config());
        try (Database database = Database.open(options.config(), loaded.get().project().root());
                ImportRunner runner = new ImportRunner(database, loaded.get().plugins(), loaded.get().project(),
                        RunLimits.from(options.config()), node)) {
            LeftoverRuns.failForOneShot(database, options.config(), node);
            for (String dataSource : dataSources) {
                if (stop.isRequested()) {
                    break;
                }
                RunRecord run = runner.run(dataSource, RunTrigger.MANUAL, RunListener.NONE, stop::isRequested);
                out.printf("%s: run %d %s, %s, %s, %d quarantined%s%n", dataSource, run.id(),
                        run.status().name().toLowerCase(Locale.ROOT), Counts.of(run.files(), "file"),
                        Counts.of(run.rows(), "row"), run.quarantined(), run.error() == null ? "" : " (" + run.error() + ")");
                out.flush();
                allSucceeded &= run.status() == RunStatus.SUCCEEDED;
            }
        }
        return stop.exitStatus(allSucceeded ? ExitCodes.OK : ExitCodes.FAILED);
    }
}
