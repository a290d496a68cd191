package dev.pipit.scheduler.console;

import static dev.pipit.scheduler.console.Html.text;

import dev.pipit.scheduler.cli.StatusReport;
import dev.pipit.scheduler.console.ConsoleReads.ConnectionHealth;
import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.ledger.AfterImportLedger;
import dev.pipit.scheduler.ledger.AfterImportLedger.Failing;
import dev.pipit.scheduler.ledger.FileStatus;
import dev.pipit.scheduler.notification.NotificationQueues.QueueState;
import dev.pipit.scheduler.project.ConnectionDef;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.project.ImportSpec;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.stream.PartitionLag;
import dev.pipit.scheduler.stream.StreamLag;
import dev.pipit.scheduler.stream.StreamOffsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code /}: every data source with its connection, schedule, connection status, last run, backlog and volume. */
final class OverviewPage {
    private final ConsoleContext context;

    OverviewPage(ConsoleContext context) {
        this.context = context;
    }

    ConsoleResponse render(ConsoleRequest request) {
        Project project = context.project().get();
        ConsoleReads reads = context.reads();
        Map<String, Map<FileStatus, Long>> counts = reads.fileCounts();
        Map<String, RunRecord> lastRuns = reads.lastRuns();
        Map<String, ConnectionHealth> health = reads.health();
        Map<String, Long> rows24h = reads.rowsSince(context.clock().instant().minus(Duration.ofHours(24)));
        StreamOffsets offsets = new StreamOffsets(context.database().jdbi());
        StringBuilder body = new StringBuilder();
        List<DataSourceDef> fed = project.dataSources().values().stream().filter(DataSourceDef::isFed).toList();
        if (fed.isEmpty()) {
            body.append("<p>The project has no import or Kafka data sources.</p>");
            return ConsoleResponse.html(Html.page("Overview", body.toString()));
        }
        body.append("<table class=\"overview\"><thead><tr><th>Data source</th><th>Connection</th><th>Schedule</th>"
                + "<th>Connection status</th><th>Last run</th><th class=\"num\">Pending</th>"
                + "<th class=\"num\">Imported</th><th class=\"num\">Failed</th><th class=\"num\">Rows 24 h</th>"
                + "<th class=\"num\">Kafka lag</th></tr></thead><tbody>");
        for (DataSourceDef dataSource : fed) {
            String name = dataSource.name();
            ConnectionDef connection = project.connections().get(ConsoleContext.connectionName(dataSource));
            Map<FileStatus, Long> files = counts.getOrDefault(name, ConsoleReads.emptyCounts());
            boolean stream = dataSource.kafkaSpec().isPresent();
            body.append("<tr data-datasource=\"").append(text(name)).append("\"><td><a href=\"/datasources/")
                    .append(Html.segment(name)).append("\">").append(text(name)).append("</a></td><td>")
                    .append(connection == null ? "" : text(connection.name()) + " <span class=\"type\">"
                            + text(connection.type()) + "</span>")
                    .append("</td><td>").append(stream ? "stream" : text(dataSource.importSpec().get().schedule()
                            .datafileValue()))
                    .append("</td><td>").append(status(health.getOrDefault(name, ConnectionHealth.UNKNOWN)))
                    .append("</td><td>").append(lastRun(lastRuns.get(name)))
                    .append("</td>");
            if (stream) {
                body.append("<td class=\"num\">-</td><td class=\"num\">-</td><td class=\"num\">-</td>");
            } else {
                body.append(number(files.get(FileStatus.PENDING))).append(number(files.get(FileStatus.IMPORTED)))
                        .append(number(files.get(FileStatus.FAILED)));
            }
            body.append(number(rows24h.getOrDefault(name, 0L)));
            body.append("<td class=\"num\">").append(stream ? lag(dataSource, project, offsets) : "").append("</td></tr>");
        }
        body.append("</tbody></table>");
        afterImport(fed, body);
        queues(fed, body);
        return ConsoleResponse.html(Html.page("Overview", body.toString()));
    }

    /** The data sources whose after-import actions fail: their rows are imported, their objects still in place. */
    private void afterImport(List<DataSourceDef> fed, StringBuilder body) {
        Map<String, Failing> failing = new AfterImportLedger(context.database().jdbi()).failing();
        List<DataSourceDef> shown = fed.stream().filter(dataSource -> failing.containsKey(dataSource.name())).toList();
        if (shown.isEmpty()) {
            return;
        }
        body.append("<h2>Failed after-import actions</h2><p>Their files are imported; each action is tried again by "
                + "a later run.</p><table class=\"after-import\"><thead><tr><th>Data source</th>"
                + "<th class=\"num\">Failed actions</th><th>Last failure</th></tr></thead><tbody>");
        for (DataSourceDef dataSource : shown) {
            Failing actions = failing.get(dataSource.name());
            body.append("<tr data-datasource=\"").append(text(dataSource.name())).append("\"><td><a href=\"/datasources/")
                    .append(Html.segment(dataSource.name())).append("\">").append(text(dataSource.name()))
                    .append("</a></td>").append(number(actions.count())).append("<td>")
                    .append(failure(actions)).append("</td></tr>");
        }
        body.append("</tbody></table>");
    }

    static String failure(Failing actions) {
        return "<span class=\"badge failed\">failed</span> " + Html.time(actions.lastFailedAt())
                + "<div class=\"cause\">" + text(actions.lastError()) + "</div>";
    }

    /** The notification queues the data sources name, with what their pollers last wrote. */
    private void queues(List<DataSourceDef> fed, StringBuilder body) {
        Map<String, List<String>> named = new LinkedHashMap<>();
        for (DataSourceDef dataSource : fed) {
            dataSource.importSpec().filter(ImportSpec::hasNotifications).ifPresent(spec -> named
                    .computeIfAbsent(spec.notifications(), queue -> new ArrayList<>()).add(dataSource.name()));
        }
        if (named.isEmpty()) {
            return;
        }
        Map<String, QueueState> states = StatusReport.queues(context.database());
        body.append("<h2>Notification queues</h2><table class=\"queues\"><thead><tr><th>Queue</th><th>Data sources</th>"
                + "<th>State</th><th>Last message</th><th class=\"num\">Backlog</th><th class=\"num\">Messages</th>"
                + "<th class=\"num\">Malformed</th><th class=\"num\">Errors</th></tr></thead><tbody>");
        named.forEach((queue, dataSources) -> {
            QueueState state = states.get(queue);
            body.append("<tr data-queue=\"").append(text(queue)).append("\"><td>").append(text(queue))
                    .append("</td><td>").append(text(String.join(", ", dataSources))).append("</td><td>")
                    .append(queueState(state)).append("</td><td>")
                    .append(state == null || state.lastMessageAt() == null ? "never" : Html.time(state.lastMessageAt()))
                    .append("</td><td class=\"num\">")
                    .append(state == null || state.backlog() == null ? "?" : state.backlog())
                    .append("</td>").append(number(state == null ? 0L : state.messages()))
                    .append(number(state == null ? 0L : state.malformed()))
                    .append(number(state == null ? 0L : state.errors())).append("</tr>");
        });
        body.append("</tbody></table>");
    }

    private static String queueState(QueueState state) {
        if (state == null || state.lastPollAt() == null && !state.failing()) {
            return "<span class=\"badge\">not yet</span>";
        }
        if (state.failing()) {
            return "<span class=\"badge failed\">error</span> " + Html.time(state.lastErrorAt())
                    + "<div class=\"cause\">" + text(state.lastError()) + "</div>";
        }
        return "<span class=\"badge succeeded\">ok</span> " + Html.time(state.lastPollAt());
    }

    private String lag(DataSourceDef dataSource, Project project, StreamOffsets offsets) {
        List<PartitionLag> partitions = StreamLag.of(dataSource, project, context.plugins(), offsets);
        if (partitions.isEmpty() || partitions.stream().anyMatch(partition -> partition.lag() == null)) {
            return "?";
        }
        return Long.toString(partitions.stream().mapToLong(PartitionLag::lag).sum());
    }

    static String status(ConnectionHealth health) {
        if (health.failing()) {
            return "<span class=\"badge failed\">error</span> " + Html.time(health.lastErrorAt())
                    + "<div class=\"cause\">" + text(health.lastError()) + "</div>";
        }
        if (health.lastSuccess() != null) {
            return "<span class=\"badge succeeded\">ok</span> " + Html.time(health.lastSuccess());
        }
        return "<span class=\"badge\">not yet</span>";
    }

    static String lastRun(RunRecord run) {
        if (run == null) {
            return "never";
        }
        return "<a href=\"/runs/" + run.id() + "\">#" + run.id() + "</a> " + badge(run) + " "
                + Html.time(run.endedAt() != null ? run.endedAt() : run.startedAt());
    }

    static String badge(RunRecord run) {
        String status = run.status().name().toLowerCase(Locale.ROOT);
        return "<span class=\"badge " + status + "\">" + status + "</span>";
    }

    private static String number(Long value) {
        return "<td class=\"num\">" + (value == null ? 0 : value) + "</td>";
    }
}
