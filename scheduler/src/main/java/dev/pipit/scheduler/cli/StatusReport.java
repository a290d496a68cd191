package dev.pipit.scheduler.cli;

import static dev.pipit.scheduler.cli.ListView.lower;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunHistory;
import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.ledger.AfterImportLedger;
import dev.pipit.scheduler.ledger.AfterImportLedger.Failing;
import dev.pipit.scheduler.ledger.FileLedger;
import dev.pipit.scheduler.ledger.FileStatus;
import dev.pipit.scheduler.notification.NotificationQueues;
import dev.pipit.scheduler.notification.NotificationQueues.QueueState;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.project.ImportSpec;
import dev.pipit.scheduler.project.KafkaSpec;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.stream.PartitionLag;
import dev.pipit.scheduler.stream.StreamLag;
import dev.pipit.scheduler.stream.StreamOffsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@code status} reports of each data source, for its table, its {@code --json} and the console's
 * {@code /api/v1/status}: one implementation of those fields.
 */
public final class StatusReport {
    static final List<String> HEADER =
            List.of("DATASOURCE", "SCHEDULE", "LAST RUN", "PENDING", "IMPORTED", "FAILED", "SOURCE");
    private static final String STREAM = "stream";
    private static final Failing NOT_FAILING = new Failing(0, null, null);

    private StatusReport() {}

    /** Each import and Kafka data source of the project, in the project's order. */
    public static List<Line> of(Project project, PluginRegistry plugins, Database database) {
        RunHistory history = new RunHistory(database.jdbi());
        FileLedger ledger = new FileLedger(database.jdbi());
        StreamOffsets offsets = new StreamOffsets(database.jdbi());
        Map<String, QueueState> queues = queues(database);
        Map<String, Failing> afterImportFailing = new AfterImportLedger(database.jdbi()).failing();
        List<Line> lines = new ArrayList<>();
        for (DataSourceDef dataSource : project.dataSources().values()) {
            if (dataSource.importSpec().isPresent()) {
                ImportSpec spec = dataSource.importSpec().get();
                lines.add(new FileLine(dataSource.name(), spec, ledger.counts(dataSource.name()),
                        lastRun(history, dataSource), spec.hasNotifications()
                                ? Optional.of(queues.getOrDefault(spec.notifications(), neverPolled(spec)))
                                : Optional.empty(), afterImportFailing.getOrDefault(dataSource.name(), NOT_FAILING)));
            } else if (dataSource.kafkaSpec().isPresent()) {
                lines.add(streamLine(dataSource, StreamLag.of(dataSource, project, plugins, offsets),
                        lastRun(history, dataSource)));
            }
        }
        return lines;
    }

    public static Line fileLine(DataSourceDef dataSource, Map<FileStatus, Long> counts, Optional<RunRecord> lastRun) {
        return new FileLine(dataSource.name(), dataSource.importSpec().orElseThrow(), counts, lastRun, Optional.empty(),
                NOT_FAILING);
    }

    /** What the daemons last wrote of each notification queue, by queue. */
    public static Map<String, QueueState> queues(Database database) {
        Map<String, QueueState> queues = new LinkedHashMap<>();
        new NotificationQueues(database.jdbi()).all().forEach(queue -> queues.put(queue.queue(), queue));
        return queues;
    }

    private static QueueState neverPolled(ImportSpec spec) {
        return new QueueState(spec.notifications(), null, null, null, null, 0, 0, 0, 0, null, null);
    }

    /** A queue's state in a word: polled, failing (its latest poll failed) or not polled yet. */
    public static String state(QueueState queue) {
        return queue.failing() ? "failing" : queue.lastPollAt() == null ? "not polled yet" : "polled";
    }

    /** The queues the data sources name, as a table for people. */
    public static TextTable queueTable(Collection<QueueState> queues) {
        TextTable table = new TextTable("QUEUE", "STATE", "LAST POLL", "LAST MESSAGE", "BACKLOG", "MESSAGES",
                "MALFORMED", "ERRORS", "LAST ERROR");
        for (QueueState queue : queues) {
            table.row(queue.queue(), state(queue), orDash(queue.lastPollAt()), orDash(queue.lastMessageAt()),
                    orDash(queue.backlog()), queue.messages(), queue.malformed(), queue.errors(),
                    queue.lastError() == null ? "-" : queue.lastError() + " (at " + queue.lastErrorAt() + ")");
        }
        return table;
    }

    /** The queue of each data source with notifications, once each, in the project's order. */
    public static List<QueueState> queuesOf(List<Line> lines) {
        Map<String, QueueState> queues = new LinkedHashMap<>();
        for (Line line : lines) {
            if (line instanceof FileLine file) {
                file.queue().ifPresent(queue -> queues.putIfAbsent(queue.queue(), queue));
            }
        }
        return List.copyOf(queues.values());
    }

    /** The data sources whose after-import actions fail, for people; empty when none does. */
    public static Optional<TextTable> afterImportTable(List<Line> lines) {
        TextTable table = new TextTable("DATASOURCE", "FAILED ACTIONS", "LAST FAILED", "LAST ERROR");
        boolean any = false;
        for (Line line : lines) {
            if (line instanceof FileLine file && file.afterImport().count() > 0) {
                any = true;
                table.row(file.name(), file.afterImport().count(), file.afterImport().lastFailedAt(),
                        orDash(file.afterImport().lastError()));
            }
        }
        return any ? Optional.of(table) : Optional.empty();
    }

    private static Object orDash(Object value) {
        return value == null ? "-" : value;
    }

    private static Map<String, Object> queueJson(QueueState queue) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("queue", queue.queue());
        object.put("state", state(queue));
        object.put("last_poll_at", queue.lastPollAt() == null ? null : queue.lastPollAt().toString());
        object.put("last_message_at", queue.lastMessageAt() == null ? null : queue.lastMessageAt().toString());
        object.put("backlog", queue.backlog());
        object.put("messages", queue.messages());
        object.put("ignored", queue.ignored());
        object.put("malformed", queue.malformed());
        object.put("errors", queue.errors());
        object.put("last_error", queue.lastError());
        object.put("last_error_at", queue.lastErrorAt() == null ? null : queue.lastErrorAt().toString());
        return object;
    }

    public static Line streamLine(DataSourceDef dataSource, List<PartitionLag> partitions, Optional<RunRecord> lastRun) {
        return new StreamLine(dataSource.name(), dataSource.kafkaSpec().orElseThrow(), partitions, lastRun);
    }

    private static Optional<RunRecord> lastRun(RunHistory history, DataSourceDef dataSource) {
        return history.recent(dataSource.name(), 1).stream().findFirst();
    }

    private static String describe(RunRecord run) {
        return "#" + run.id() + " " + lower(run.status()) + " at " + (run.endedAt() != null ? run.endedAt() : run.startedAt())
                + " (" + Counts.of(run.files(), "file") + ", " + Counts.of(run.rows(), "row") + ")";
    }

    /** One line of the status: a data source of either kind. */
    public interface Line {
        String name();

        Optional<RunRecord> lastRun();

        Object[] cells();

        Map<String, Object> toJson();
    }

    /** An import data source: its schedule, ledger counts, last run and, with notifications, its queue. */
    private record FileLine(String name, ImportSpec spec, Map<FileStatus, Long> counts, Optional<RunRecord> lastRun,
            Optional<QueueState> queue, Failing afterImport) implements Line {
        long count(FileStatus status) {
            return counts.getOrDefault(status, 0L);
        }

        @Override
        public Object[] cells() {
            return new Object[] {name, spec.schedule().datafileValue(), lastRun.map(StatusReport::describe).orElse("never"),
                count(FileStatus.PENDING), count(FileStatus.IMPORTED), count(FileStatus.FAILED), spec.bucketUri()};
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("datasource", name);
            object.put("schedule", spec.schedule().datafileValue());
            object.put("bucket_uri", spec.bucketUri());
            object.put("last_run", lastRun.map(AdminJson::run).orElse(null));
            object.put("pending", count(FileStatus.PENDING));
            object.put("imported", count(FileStatus.IMPORTED));
            object.put("failed", count(FileStatus.FAILED));
            object.put("notifications", queue.map(StatusReport::queueJson).orElse(null));
            object.put("after_import_failed", afterImport.count());
            object.put("after_import_last_error", afterImport.lastError());
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
            return new Object[] {name, STREAM, lastRun.map(StatusReport::describe).orElse("never"),
                lag == null ? "?" : lag, "-", "-", "kafka:" + spec.topic() + " [" + perPartition + "]"};
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("datasource", name);
            object.put("schedule", STREAM);
            object.put("bucket_uri", null);
            object.put("last_run", lastRun.map(AdminJson::run).orElse(null));
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
            object.put("after_import_failed", null);
            object.put("after_import_last_error", null);
            return object;
        }
    }
}
