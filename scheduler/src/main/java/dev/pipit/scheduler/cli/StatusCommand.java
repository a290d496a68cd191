package dev.pipit.scheduler.cli;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunHistory;
import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.ledger.FileLedger;
import dev.pipit.scheduler.ledger.FileStatus;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.project.ImportSpec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
    public Integer call() throws Exception {
        Optional<LoadedProject> loaded = LoadedProject.load(options, null, spec.commandLine().getErr());
        if (loaded.isEmpty()) {
            return ExitCodes.FAILED;
        }
        try (Database database = AdminDatabase.open(options)) {
            RunHistory history = new RunHistory(database.jdbi());
            FileLedger ledger = new FileLedger(database.jdbi());
            List<Map<String, Object>> rows = new ArrayList<>();
            List<Optional<RunRecord>> lastRuns = new ArrayList<>();
            for (DataSourceDef dataSource : loaded.get().project().dataSources().values()) {
                if (dataSource.importSpec().isEmpty()) {
                    continue;
                }
                ImportSpec importSpec = dataSource.importSpec().get();
                Map<FileStatus, Long> counts = ledger.counts(dataSource.name());
                Optional<RunRecord> lastRun = history.recent(dataSource.name(), 1).stream().findFirst();
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("datasource", dataSource.name());
                row.put("schedule", importSpec.schedule().datafileValue());
                row.put("bucket_uri", importSpec.bucketUri());
                row.put("last_run", lastRun.map(HistoryCommand::toJson).orElse(null));
                lastRuns.add(lastRun);
                row.put("pending", counts.getOrDefault(FileStatus.PENDING, 0L));
                row.put("imported", counts.getOrDefault(FileStatus.IMPORTED, 0L));
                row.put("failed", counts.getOrDefault(FileStatus.FAILED, 0L));
                rows.add(row);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                JsonOutput.print(out, rows);
                return ExitCodes.OK;
            }
            TextTable table = new TextTable("DATASOURCE", "SCHEDULE", "LAST RUN", "PENDING", "IMPORTED", "FAILED", "SOURCE");
            for (int i = 0; i < rows.size(); i++) {
                Map<String, Object> row = rows.get(i);
                table.row(row.get("datasource"), row.get("schedule"),
                        lastRuns.get(i).map(StatusCommand::describe).orElse("never"),
                        row.get("pending"), row.get("imported"), row.get("failed"), row.get("bucket_uri"));
            }
            if (table.isEmpty()) {
                out.println("The project has no import data sources.");
                out.flush();
            } else {
                table.print(out);
            }
            return ExitCodes.OK;
        }
    }

    private static String describe(RunRecord run) {
        return "#" + run.id() + " " + run.status().name().toLowerCase(Locale.ROOT) + " at "
                + (run.endedAt() != null ? run.endedAt() : run.startedAt()) + " (" + run.files() + " files, "
                + run.rows() + " rows)";
    }
}
