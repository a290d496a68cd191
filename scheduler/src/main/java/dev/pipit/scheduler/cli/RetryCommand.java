package dev.pipit.scheduler.cli;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.ledger.FileRequeue;
import dev.pipit.scheduler.project.Timestamps;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bin/scheduler retry}: failed files back to pending, for the data source's next run. */
@Command(name = "retry", mixinStandardHelpOptions = true,
        description = {"Put failed files of a data source back to pending; its next run imports them.",
                "Their failures stay in the ledger (pipit.file_failures), and their attempts keep counting.",
                "Works while the daemon runs."},
        footer = {"", "Examples:",
                "  bin/scheduler retry orders --failed --now",
                "  bin/scheduler retry orders --key s3://landing/orders/2024-05-01.csv",
                "Exit codes: 0 ok, 1 a key was not retried (unknown, or not failed), 2 nothing selected,",
                "3 database (or, with --now, daemon) unreachable."})
final class RetryCommand implements Callable<Integer> {
    @Mixin
    private ProjectOptions options;

    @Parameters(paramLabel = "DATASOURCE", description = "The data source.")
    private String dataSource;

    @Option(names = "--key", paramLabel = "KEY",
            description = "A failed file, as 'files' shows it or as its key in the bucket; repeatable.")
    private List<String> keys = new ArrayList<>();

    @Option(names = "--failed", description = "Every failed file of the data source.")
    private boolean allFailed;

    @Option(names = "--since", paramLabel = "TIME",
            description = "Only files that failed at or after TIME (2024-05-01T10:00:00Z, 2024-05-01 10:00:00 "
                    + "or 2024-05-01; UTC without an offset).")
    private String since;

    @Mixin
    private RequeueReport report;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (keys.isEmpty() && !allFailed && since == null) {
            err.println("retry: say which files: --key KEY, --failed (all of them) or --since TIME");
            return ExitCodes.USAGE;
        }
        Instant from = null;
        if (since != null) {
            from = Timestamps.parse(since).orElse(null);
            if (from == null) {
                err.println("retry: --since must be an ISO-8601 time such as 2024-05-01T10:00:00Z, 2024-05-01 "
                        + "10:00:00 or 2024-05-01 (found '" + since + "')");
                return ExitCodes.USAGE;
            }
        }
        FileRequeue.Outcome outcome;
        try (Database database = AdminDatabase.open(options)) {
            outcome = new FileRequeue(database.jdbi()).retry(dataSource, keys, from);
        }
        return report.print(options, dataSource, outcome,
                Counts.of(outcome.queued().size(), "failed file") + " back to pending", ":");
    }
}
