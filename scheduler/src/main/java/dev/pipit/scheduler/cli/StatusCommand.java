package dev.pipit.scheduler.cli;

import static dev.pipit.scheduler.cli.ListView.lower;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunHistory;
import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.ledger.FileLedger;
import dev.pipit.scheduler.ledger.FileStatus;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.project.ImportSpec;
import dev.pipit.scheduler.project.KafkaSpec;
import dev.pipit.scheduler.stream.PartitionLag;
import dev.pipit.scheduler.stream.StreamLag;
import dev.pipit.scheduler.stream.StreamOffsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
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
        description = {"Show each import data source: schedule, last run, and files pending, imported and failed.",
                "Show each Kafka data source: last run, messages pending (lag), and per partition the stored offset "
                        + "and the lag."},
        footer = {"", "Exit codes: 0 ok, 1 the project has errors, 3 database unreachable.",
                "--json prints an array of {datasource, schedule, bucket_uri, last_run, pending, imported, failed};",
                "Kafka data sources have schedule \"stream\", pending = lag (null when the broker does not answer),",
                "and add topic, group_id and partitions [{partition, stored_offset, end_offset, lag}]."})
final class StatusCommand implements Callable<Integer> {
    private static final String STREAM = "stream";

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
            StreamOffsets offsets = new StreamOffsets(database.jdbi());
            List<Line> lines = new ArrayList<>();
            for (DataSourceDef dataSource : loaded.get().project().dataSources().values()) {
                Optional<RunRecord> lastRun = history.recent(dataSource.name(), 1).stream().findFirst();
                if (dataSource.importSpec().isPresent()) {
                    lines.add(new FileLine(dataSource.name(), dataSource.importSpec().get(),
                            ledger.counts(dataSource.name()), lastRun));
                } else if (dataSource.kafkaSpec().isPresent()) {
                    lines.add(new StreamLine(dataSource.name(), dataSource.kafkaSpec().get(), StreamLag.of(dataSource,
                            loaded.get().project(), loaded.get().plugins(), offsets), lastRun));
                }
            }
            ListView<Line> view = new ListView<>(
                    List.of("DATASOURCE", "SCHEDULE", "LAST RUN", "PENDING", "IMPORTED", "FAILED", "SOURCE"),
                    Line::cells, Line::toJson, "The project has no import or Kafka data sources.");
            view.print(spec.commandLine().getOut(), lines, json);
            return ExitCodes.OK;
        }
    }

    private static String describe(RunRecord run) {
        return "#" + run.id() + " " + lower(run.status()) + " at " + (run.endedAt() != null ? run.endedAt() : run.startedAt())
                + " (" + Counts.of(run.files(), "file") + ", " + Counts.of(run.rows(), "row") + ")";
    }

    /** One line of the status: a data source of either kind. */
    private interface Line {
        Object[] cells();

        Map<String, Object> toJson();
    }

    /** An import data source: its schedule, ledger counts and last run. */
    private record FileLine(String name, ImportSpec spec, Map<FileStatus, Long> counts, Optional<RunRecord> lastRun)
            implements Line {
        long count(FileStatus status) {
            return counts.getOrDefault(status, 0L);
        }

        @Override
        public Object[] cells() {
            return new Object[] {name, spec.schedule().datafileValue(), lastRun.map(StatusCommand::describe).orElse("never"),
                count(FileStatus.PENDING), count(FileStatus.IMPORTED), count(FileStatus.FAILED), spec.bucketUri()};
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("datasource", name);
            object.put("schedule", spec.schedule().datafileValue());
            object.put("bucket_uri", spec.bucketUri());
            object.put("last_run", lastRun.map(HistoryCommand::toJson).orElse(null));
            object.put("pending", count(FileStatus.PENDING));
            object.put("imported", count(FileStatus.IMPORTED));
            object.put("failed", count(FileStatus.FAILED));
            return object;
        }
    }

    /** A Kafka data source: its last run, and per partition the stored offset and the lag. */
    private record StreamLine(String name, KafkaSpec spec, List<PartitionLag> partitions, Optional<RunRecord> lastRun)
            implements Line {
        /** The messages not yet in the table, or {@code null} when the broker did not say where its partitions end. */
        Long lag() {
            if (partitions.isEmpty() || partitions.stream().anyMatch(partition -> partition.lag() == null)) {
                return null;
            }
            return partitions.stream().mapToLong(PartitionLag::lag).sum();
        }

        @Override
        public Object[] cells() {
            String perPartition = partitions.stream()
                    .map(p -> "p" + p.partition() + " @" + (p.storedOffset() == null ? "-" : p.storedOffset())
                            + " lag " + (p.lag() == null ? "?" : p.lag()))
                    .collect(Collectors.joining(", "));
            Long lag = lag();
            return new Object[] {name, STREAM, lastRun.map(StatusCommand::describe).orElse("never"),
                lag == null ? "?" : lag, "-", "-", "kafka:" + spec.topic() + " [" + perPartition + "]"};
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("datasource", name);
            object.put("schedule", STREAM);
            object.put("bucket_uri", null);
            object.put("last_run", lastRun.map(HistoryCommand::toJson).orElse(null));
            object.put("pending", lag());
            object.put("imported", null);
            object.put("failed", null);
            object.put("topic", spec.topic());
            object.put("group_id", spec.groupId());
            List<Map<String, Object>> list = new ArrayList<>();
            for (PartitionLag partition : partitions) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("partition", partition.partition());
                entry.put("stored_offset", partition.storedOffset());
                entry.put("end_offset", partition.endOffset());
                entry.put("lag", partition.lag());
                list.add(entry);
            }
            object.put("partitions", list);
            return object;
        }
    }
}
