package dev.pipit.scheduler.cli;

import static dev.pipit.scheduler.cli.ListView.lower;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunHistory;
import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.ledger.FileLedger;
import dev.pipit.scheduler.ledger.FileStatus;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.project.ImportSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bin/scheduler status}: each import data source with its schedule, last run and backlog. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show each import data source: schedule, last run, and files pending, imported and failed.",
        footer = {"", "Exit codes: 0 ok, 1 the project has errors, 3 database unreachable.",
                "--json prints an array of {datasource, schedule, bucket_uri, last_run, pending, imported, failed}."})
final class StatusCommand implements Callable<Integer> {
    @Mixin
    private ProjectOptions options;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    private boolean json;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        Optional<LoadedProject> loaded = LoadedProject.load(options, null, spec.commandLine().getErr());
        if (loaded.isEmpty()) {
            return ExitCodes.FAILED;
        }
        try (Database database = AdminDatabase.open(options)) {
            RunHistory history = new RunHistory(database.jdbi());
            FileLedger ledger = new FileLedger(database.jdbi());
            List<State> states = loaded.get().project().dataSources().values().stream()
                    .filter(dataSource -> dataSource.importSpec().isPresent())
                    .map(dataSource -> new State(dataSource.name(), dataSource.importSpec().get(),
                            ledger.counts(dataSource.name()), history.recent(dataSource.name(), 1).stream().findFirst()))
                    .toList();
            ListView<State> view = new ListView<>(
                    List.of("DATASOURCE", "SCHEDULE", "LAST RUN", "PENDING", "IMPORTED", "FAILED", "SOURCE"),
                    state -> new Object[] {state.name(), state.spec().schedule().datafileValue(),
                        state.lastRun().map(StatusCommand::describe).orElse("never"), state.count(FileStatus.PENDING),
                        state.count(FileStatus.IMPORTED), state.count(FileStatus.FAILED), state.spec().bucketUri()},
                    StatusCommand::toJson,
                    "The project has no import data sources.");
            view.print(spec.commandLine().getOut(), states, json);
            return ExitCodes.OK;
        }
    }

    private static Map<String, Object> toJson(State state) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("datasource", state.name());
        object.put("schedule", state.spec().schedule().datafileValue());
        object.put("bucket_uri", state.spec().bucketUri());
        object.put("last_run", state.lastRun().map(HistoryCommand::toJson).orElse(null));
        object.put("pending", state.count(FileStatus.PENDING));
        object.put("imported", state.count(FileStatus.IMPORTED));
        object.put("failed", state.count(FileStatus.FAILED));
        return object;
    }

    private static String describe(RunRecord run) {
        return "#" + run.id() + " " + lower(run.status()) + " at " + (run.endedAt() != null ? run.endedAt() : run.startedAt())
                + " (" + Counts.of(run.files(), "file") + ", " + Counts.of(run.rows(), "row") + ")";
    }

    /** One data source's schedule, ledger counts and last run. */
    private record State(String name, ImportSpec spec, Map<FileStatus, Long> counts, Optional<RunRecord> lastRun) {
        long count(FileStatus status) {
            return counts.getOrDefault(status, 0L);
        }
    }
}
