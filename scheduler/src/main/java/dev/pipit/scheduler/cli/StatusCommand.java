package dev.pipit.scheduler.cli;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.notification.NotificationQueues.QueueState;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/scheduler status}: each import data source with its schedule, last run and backlog, and each Kafka
 * data source with its partitions, stored offsets and lag.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show each import data source: schedule, last run, and files pending, imported and failed, and the "
                        + "notification queues they name: state, last message, backlog and errors.",
                "Show each Kafka data source: last run, messages pending (lag), and per partition the stored offset "
                        + "and the lag."},
        footer = {"", "Exit codes: 0 ok, 1 the project has errors, 3 database unreachable.",
                "--json prints an array of {datasource, schedule, bucket_uri, last_run, pending, imported, failed};",
                "Kafka data sources have schedule \"stream\", pending = lag (null when the broker does not answer),",
                "and add topic, group_id and partitions [{partition, stored_offset, end_offset, lag}].",
                "Import data sources with IMPORT_NOTIFICATIONS add notifications {queue, state, last_poll_at,",
                "last_message_at, backlog, messages, ignored, malformed, errors, last_error, last_error_at} (else null);",
                "the table then lists the queues below the data sources.",
                "Import data sources add after_import_failed (IMPORT_AFTER_IMPORT actions whose latest attempt failed)",
                "and after_import_last_error (null for Kafka); the table lists those that have any below the rest."})
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
            List<StatusReport.Line> lines = StatusReport.of(loaded.get().project(), loaded.get().plugins(), database);
            ListView<StatusReport.Line> view = new ListView<>(StatusReport.HEADER, StatusReport.Line::cells,
                    StatusReport.Line::toJson, "The project has no import or Kafka data sources.");
            view.print(spec.commandLine().getOut(), lines, json);
            List<QueueState> queues = StatusReport.queuesOf(lines);
            PrintWriter out = spec.commandLine().getOut();
            if (!json && !queues.isEmpty()) {
                out.println();
                out.println("Notification queues:");
                StatusReport.queueTable(queues).print(out);
                out.flush();
            }
            Optional<TextTable> afterImport = StatusReport.afterImportTable(lines);
            if (!json && afterImport.isPresent()) {
                out.println();
                out.println("IMPORT_AFTER_IMPORT actions that failed (later runs try them again; "
                        + "`bin/scheduler files DATASOURCE --json` shows each one's cause):");
                afterImport.get().print(out);
                out.flush();
            }
            return ExitCodes.OK;
        }
    }
}
