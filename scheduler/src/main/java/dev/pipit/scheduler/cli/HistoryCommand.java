package dev.pipit.scheduler.cli;

import static dev.pipit.scheduler.cli.ListView.lower;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunHistory;
import dev.pipit.scheduler.history.RunRecord;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bin/scheduler history}: the latest runs, from the history table. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Show the latest import runs, newest first. Works while the daemon runs.",
        footer = {"", "Exit codes: 0 ok, 3 database unreachable.",
                "--json prints an array of {id, datasource, trigger, node, status, started_at, ended_at, files, rows, "
                        + "bytes, quarantined, error}."})
final class HistoryCommand implements Callable<Integer> {
    @Mixin
    private ProjectOptions options;

    @Parameters(arity = "0..1", paramLabel = "DATASOURCE", description = "Only this data source's runs.")
    private String dataSource;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N runs (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Mixin
    private ListOutput output;

    @Override
    public Integer call() {
        try (Database database = AdminDatabase.open(options)) {
            List<RunRecord> runs = new RunHistory(database.jdbi()).recent(dataSource, limit);
            ListView<RunRecord> view = new ListView<>(
                    List.of("ID", "DATASOURCE", "TRIGGER", "NODE", "STATUS", "STARTED", "ENDED", "FILES", "ROWS",
                            "QUARANTINED", "ERROR"),
                    run -> new Object[] {run.id(), run.datasource(), lower(run.trigger()), run.node(),
                        lower(run.status()), run.startedAt(), run.endedAt(), run.files(), run.rows(), run.quarantined(),
                        run.error()},
                    AdminJson::run,
                    dataSource == null ? "No runs yet." : "No runs of " + dataSource + " yet.");
            output.print(view, runs);
            return ExitCodes.OK;
        }
    }
}
