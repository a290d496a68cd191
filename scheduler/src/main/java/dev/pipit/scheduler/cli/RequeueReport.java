package dev.pipit.scheduler.cli;

import dev.pipit.scheduler.ledger.FileRequeue;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What {@code retry} and {@code reimport} share once the ledger has queued files again: the refusals, the queued
 * keys, and with {@code --now} a run asked of the daemon.
 */
final class RequeueReport {
    @Option(names = "--now", description = "Then ask the running daemon to run the data source now.")
    private boolean now;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    /**
     * @param queued what became of the queued files, as in {@code 2 failed files back to pending}
     * @param beforeKeys what ends that line when the queued keys follow it; with none, it ends with {@code .}
     * @return the exit code
     */
    int print(ProjectOptions options, String dataSource, FileRequeue.Outcome outcome, String queued,
            String beforeKeys) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        outcome.refused().forEach((key, reason) -> err.println(spec.name() + ": " + key + " " + reason));
        out.println(dataSource + ": " + queued + (outcome.queued().isEmpty() ? "." : beforeKeys));
        outcome.queued().forEach(uri -> out.println("  " + uri));
        out.flush();
        int exit = outcome.refused().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
        if (now && !outcome.queued().isEmpty()) {
            int triggered = DaemonTrigger.queue(options, dataSource, out, err);
            return triggered == ExitCodes.OK ? exit : triggered;
        }
        return exit;
    }
}
