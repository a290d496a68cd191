package dev.pipit.scheduler.cli;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.ledger.FileRequeue;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bin/scheduler reimport}: import an already imported key again. */
@Command(name = "reimport", mixinStandardHelpOptions = true,
        description = {"Import already imported files of a data source again, at its next run.",
                "Imports append: the file's rows land in the table a second time. The ledger keeps both imports",
                "(the earlier ones in pipit.file_imports; 'files' shows the key's generation)."},
        footer = {"", "Example:", "  bin/scheduler reimport orders --key s3://landing/orders/2024-05-01.csv --yes",
                "Exit codes: 0 ok, 1 a key was not queued (unknown, or not imported), 2 --yes missing,",
                "3 database (or, with --now, daemon) unreachable."})
final class ReimportCommand implements Callable<Integer> {
    @Mixin
    private ProjectOptions options;

    @Parameters(paramLabel = "DATASOURCE", description = "The data source.")
    private String dataSource;

    @Option(names = "--key", paramLabel = "KEY", required = true,
            description = "An imported file, as 'files' shows it or as its key in the bucket; repeatable.")
    private List<String> keys = new ArrayList<>();

    @Option(names = "--yes", description = "Import again although the rows will then be in the table twice.")
    private boolean yes;

    @Mixin
    private RequeueReport report;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        if (!yes) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("reimport: " + dataSource + " appends (IMPORT_STRATEGY APPEND): importing "
                    + (keys.size() == 1 ? "the file" : "these files") + " again adds " + (keys.size() == 1 ? "its"
                            : "their") + " rows to the table a second time, next to the rows already there. "
                    + "Add --yes to do it.");
            return ExitCodes.USAGE;
        }
        FileRequeue.Outcome outcome;
        try (Database database = AdminDatabase.open(options)) {
            outcome = new FileRequeue(database.jdbi()).reimport(dataSource, keys);
        }
        return report.print(options, dataSource, outcome,
                Counts.of(outcome.queued().size(), "file") + " queued to be imported again",
                "; its rows will be in the table twice:");
    }
}
