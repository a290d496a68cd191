package dev.pipit.scheduler.cli;

import dev.pipit.scheduler.admin.JmxClient;
import dev.pipit.scheduler.admin.JmxSettings;
import dev.pipit.scheduler.schedule.RunProgress;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bin/scheduler trigger}: asks the running daemon, over JMX, to drain a data source now. */
@Command(name = "trigger", mixinStandardHelpOptions = true,
        description = {"Ask the running daemon to import every new file of a data source now, and follow the run.",
                "A run already in progress for it finishes first; the trigger then drains what is left."},
        footer = {"", "The daemon is found at jmx.host:jmx.port of the configuration (PIPIT_JMX_PORT).",
                "Exit codes: 0 the run succeeded (or was queued, with --no-wait), 1 it failed or partly failed,",
                "2 no such data source, 3 no daemon answers."})
final class TriggerCommand implements Callable<Integer>, InterruptNotice {
    private static final long POLL_MILLIS = 200;

    @Mixin
    private ProjectOptions options;

    @Parameters(paramLabel = "DATASOURCE", description = "The import data source to run.")
    private String dataSource;

    @Option(names = "--no-wait", description = "Queue the run and exit without following it.")
    private boolean noWait;

    @Spec
    private CommandSpec spec;

    @Override
    public String interruptNotice() {
        return "trigger: stopped following; the run goes on in the daemon (bin/scheduler history " + dataSource + ").";
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (JmxClient client = JmxClient.connect(JmxSettings.from(options.config()))) {
            String request;
            try {
                request = client.control().trigger(dataSource);
            } catch (IllegalArgumentException e) {
                err.println("trigger: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            if (noWait) {
                out.println("Queued a run of " + dataSource + " (request " + request + ").");
                out.flush();
                return ExitCodes.OK;
            }
            RunProgress done = follow(client, request);
            out.printf("%s: run %d %s, %s, %s%s%n", dataSource, done.getRunId(), done.getStatus(),
                    Counts.of(done.getFilesDone() - done.getFilesFailed(), "file"), Counts.of(done.getRows(), "row"),
                    done.getError() == null ? "" : " (" + done.getError() + ")");
            out.flush();
            return "succeeded".equals(done.getStatus()) ? ExitCodes.OK : ExitCodes.FAILED;
        } catch (IOException e) {
            err.println("trigger: " + e.getMessage());
            return ExitCodes.UNAVAILABLE;
        }
    }

    /** Polls until the run ends, drawing a bar on a terminal and plain lines anywhere else (CI logs, pipes). */
    private RunProgress follow(JmxClient client, String request) throws InterruptedException {
        boolean terminal = System.console() != null;
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName(dataSource)
                .setInitialMax(-1)
                .setUnit(" files", 1)
                .setUpdateIntervalMillis((int) POLL_MILLIS)
                .setConsumer(terminal
                        ? new ConsoleProgressBarConsumer(System.err)
                        : new DelegatingProgressBarConsumer(line -> { }));
        long lastReported = -1;
        try (ProgressBar bar = builder.build()) {
            while (true) {
                RunProgress progress = client.control().progress(request);
                if (progress == null) {
                    throw new IllegalStateException("the daemon forgot request " + request + "; was it restarted?");
                }
                if (progress.getFilesPlanned() >= 0) {
                    bar.maxHint(progress.getFilesPlanned());
                }
                bar.stepTo(progress.getFilesDone());
                bar.setExtraMessage(progress.getRows() + " rows");
                if (!terminal && progress.getFilesDone() != lastReported && progress.getFilesPlanned() >= 0) {
                    lastReported = progress.getFilesDone();
                    // Through the command's error writer, which a stop signal silences (Interruption).
                    spec.commandLine().getErr().printf("%s: %d/%d files, %d rows%n", dataSource,
                            progress.getFilesDone(), progress.getFilesPlanned(), progress.getRows());
                    spec.commandLine().getErr().flush();
                }
                if (progress.isDone()) {
                    return progress;
                }
                Thread.sleep(POLL_MILLIS);
            }
        }
    }
}
