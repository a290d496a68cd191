package dev.pipit.scheduler.console;

import static dev.pipit.scheduler.console.Html.text;

import dev.pipit.scheduler.cli.QuarantineRows;
import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.history.SchemaChange;
import dev.pipit.scheduler.history.SchemaChanges;
import dev.pipit.scheduler.ledger.AfterImportLedger;
import dev.pipit.scheduler.ledger.AfterImportLedger.Failing;
import dev.pipit.scheduler.ledger.AfterImportState;
import dev.pipit.scheduler.ledger.FileLedger;
import dev.pipit.scheduler.ledger.FileStatus;
import dev.pipit.scheduler.ledger.LedgerFile;
import dev.pipit.scheduler.project.ColumnDef;
import dev.pipit.scheduler.project.ConnectionDef;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.schedule.RunProgress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /datasources/NAME}: the sync-history tracker chart, the file ledger, the latest quarantined rows, the
 * schema and its changes, and the actions: Run now and Retry (on a failed file) for an import data source, pause
 * and resume for Kafka.
 */
final class DataSourcePage {
    static final int FILES_SHOWN = 200;
    static final int QUARANTINE_SHOWN = 20;

    private final ConsoleContext context;

    DataSourcePage(ConsoleContext context) {
        this.context = context;
    }

    ConsoleResponse render(ConsoleRequest request) {
        DataSourceDef dataSource = context.dataSource(request.part(0));
        String name = dataSource.name();
        Duration window = request.parameter("window").orElse("24h").equals("7d") ? Duration.ofDays(7)
                : Duration.ofHours(24);
        FileStatus status = fileStatus(request);
        StringBuilder body = new StringBuilder();
        body.append(summary(dataSource));
        int refresh = 0;
        if (dataSource.importSpec().isPresent()) {
            RunProgress progress = request.parameter("request").map(id -> context.control().progress(id)).orElse(null);
            body.append(runNow(name, progress));
            refresh = progress != null && !progress.isDone() ? 1 : 0;
        } else {
            body.append(streamControls(name));
        }

        List<RunRecord> runs = context.reads().runsSince(name, context.clock().instant().minus(window));
        body.append("<section><h2>Sync history</h2><p class=\"windows\">")
                .append(windowLink(name, "24h", "24 hours", window.toHours() == 24))
                .append(windowLink(name, "7d", "7 days", window.toHours() != 24))
                .append("</p>").append(RunChart.svg(runs, window))
                .append("<p class=\"legend\"><span class=\"badge succeeded\">succeeded</span>"
                        + "<span class=\"badge partial\">partial</span><span class=\"badge failed\">failed</span>"
                        + "<span class=\"badge running\">running</span></p></section>");

        if (dataSource.importSpec().isPresent()) {
            body.append(ledger(name, status));
        }
        body.append(quarantine(name));
        body.append(schema(dataSource));
        return ConsoleResponse.html(Html.page(name, body.toString(), refresh));
    }

    private String summary(DataSourceDef dataSource) {
        ConnectionDef connection = context.project().get().connections().get(ConsoleContext.connectionName(dataSource));
        StringBuilder html = new StringBuilder("<dl class=\"summary\">");
        html.append("<dt>Connection</dt><dd>").append(connection == null ? "" : "<a href=\"/connections#"
                + text(connection.name()) + "\">" + text(connection.name()) + "</a> <span class=\"type\">"
                + text(connection.type()) + "</span>").append("</dd>");
        dataSource.importSpec().ifPresent(spec -> html.append("<dt>Schedule</dt><dd>")
                .append(text(spec.schedule().datafileValue())).append("</dd><dt>Bucket</dt><dd>")
                .append(text(spec.bucketUri())).append("</dd>"));
        if (dataSource.importSpec().isPresent()) {
            Failing actions = new AfterImportLedger(context.database().jdbi()).failing().get(dataSource.name());
            if (actions != null) {
                html.append("<dt>After import</dt><dd id=\"after-import-failed\">").append(actions.count())
                        .append(" failed action").append(actions.count() == 1 ? "" : "s")
                        .append(", tried again by later runs: ").append(OverviewPage.failure(actions)).append("</dd>");
            }
        }
        dataSource.kafkaSpec().ifPresent(spec -> html.append("<dt>Topic</dt><dd>").append(text(spec.topic()))
                .append("</dd><dt>Group</dt><dd>").append(text(spec.groupId())).append("</dd>"));
        return html.append("</dl>").toString();
    }

    private static String runNow(String name, RunProgress progress) {
        StringBuilder html = new StringBuilder("<form class=\"actions\" method=\"post\" action=\"/datasources/")
                .append(Html.segment(name)).append("/run\"><button type=\"submit\" id=\"run-now\">Run now</button>"
                        + "</form>");
        if (progress != null) {
            html.append("<p class=\"progress\" id=\"run-progress\" data-state=\"")
                    .append(text(progress.getState().toLowerCase(Locale.ROOT))).append("\">");
            if (progress.getRunId() > 0) {
                html.append("<a href=\"/runs/").append(progress.getRunId()).append("\">Run #")
                        .append(progress.getRunId()).append("</a>: ");
            } else {
                html.append("Run: ");
            }
            html.append(text(progress.getState().toLowerCase(Locale.ROOT)));
            if (progress.getStatus() != null) {
                html.append(", ").append(text(progress.getStatus()));
            }
            html.append(" · ").append(progress.getFilesDone())
                    .append(progress.getFilesPlanned() >= 0 ? " of " + progress.getFilesPlanned() : "")
                    .append(" files, ").append(progress.getRows()).append(" rows");
            if (progress.getError() != null) {
                html.append("<span class=\"cause\">").append(text(progress.getError())).append("</span>");
            }
            html.append("</p>");
        }
        return html.toString();
    }

    private String streamControls(String name) {
        String state = context.control().streamState(name);
        boolean paused = state != null && state.startsWith("paused");
        return "<form class=\"actions\" method=\"post\" action=\"/datasources/" + Html.segment(name)
                + (paused ? "/resume" : "/pause") + "\"><span class=\"state\" id=\"stream-state\">Consumer: "
                + text(state) + "</span> <button type=\"submit\" id=\"" + (paused ? "resume" : "pause") + "\">"
                + (paused ? "Resume" : "Pause") + "</button></form>";
    }

    private static String windowLink(String name, String value, String label, boolean current) {
        return current ? "<strong>" + label + "</strong> "
                : "<a href=\"/datasources/" + Html.segment(name) + "?window=" + value + "\">" + label + "</a> ";
    }

    private String ledger(String name, FileStatus status) {
        List<LedgerFile> files = new FileLedger(context.database().jdbi()).list(name, status, FILES_SHOWN);
        StringBuilder html = new StringBuilder("<section><h2>Files</h2><form class=\"filter\" method=\"get\">"
                + "<label>Status <select name=\"status\" id=\"file-status\">");
        html.append("<option value=\"\">all</option>");
        for (FileStatus option : FileStatus.values()) {
            if (option == FileStatus.IMPORTING) {
                continue;
            }
            String value = option.sqlValue();
            html.append("<option value=\"").append(value).append('"').append(option == status ? " selected" : "")
                    .append('>').append(value).append("</option>");
        }
        html.append("</select></label> <button type=\"submit\">Filter</button></form>");
        if (files.isEmpty()) {
            return html.append("<p>No files").append(status == null ? "" : " " + status.sqlValue())
                    .append(" yet.</p></section>").toString();
        }
        html.append("<table class=\"files\"><thead><tr><th>Key</th><th>Status</th><th class=\"num\">Rows</th>"
                + "<th class=\"num\">Quarantined</th><th class=\"num\">Size</th><th>Last modified</th><th>Run</th>"
                + "<th>Cause</th><th></th></tr></thead><tbody>");
        for (LedgerFile file : files) {
            String fileStatus = file.status().sqlValue();
            html.append("<tr class=\"").append(fileStatus).append("\"><td class=\"key\">").append(text(file.uri()))
                    .append("</td><td><span class=\"badge ").append(fileStatus).append("\">").append(fileStatus)
                    .append("</span>").append(afterImport(file.afterImport()))
                    .append("</td><td class=\"num\">").append(text(file.rows()))
                    .append("</td><td class=\"num\">").append(text(file.quarantined()))
                    .append("</td><td class=\"num\">").append(text(file.size()))
                    .append("</td><td>").append(Html.time(file.lastModified())).append("</td><td>")
                    .append(file.runId() == null ? "" : "<a href=\"/runs/" + file.runId() + "\">#" + file.runId() + "</a>")
                    .append("</td><td class=\"cause\">").append(text(firstLine(file.error()))).append("</td><td>")
                    .append(file.status() == FileStatus.FAILED ? retryButton(name, file) : "").append("</td></tr>");
        }
        html.append("</tbody></table>");
        if (files.size() == FILES_SHOWN) {
            html.append("<p>The first ").append(FILES_SHOWN).append(" files in import order; <code>bin/scheduler files ")
                    .append(text(name)).append("</code> lists them all.</p>");
        }
        return html.append("</section>").toString();
    }

    /**
     * What {@code IMPORT_AFTER_IMPORT} did with the object, beside the file's status: {@code moved}, {@code deleted},
     * or the action still to do or failed (its cause in the title); nothing for {@code keep}.
     */
    private static String afterImport(AfterImportState state) {
        if (state == null) {
            return "";
        }
        boolean move = state.action().equals("move");
        String label = switch (state.status()) {
            case "done" -> move ? "moved" : "deleted";
            case "failed" -> state.action() + " failed, retried";
            default -> state.action() + " pending";
        };
        String title = state.error() != null ? firstLine(state.error()) : move ? "to " + state.targetKey() : "";
        return "<span class=\"after-import " + text(state.status()) + "\" title=\"" + text(title) + "\">" + label
                + "</span>";
    }

    /** Puts the failed file back to pending for the next run, as {@code bin/scheduler retry --key} does. */
    private static String retryButton(String name, LedgerFile file) {
        return "<form class=\"retry\" method=\"post\" action=\"/datasources/" + Html.segment(name)
                + "/retry\"><input type=\"hidden\" name=\"key\" value=\"" + text(file.uri())
                + "\"><button type=\"submit\">Retry</button></form>";
    }

    private String quarantine(String name) {
        StringBuilder html = new StringBuilder("<section><h2>Quarantined rows</h2>");
        List<String> columns = QuarantineRows.columns(context.database(), name);
        if (columns.isEmpty()) {
            return html.append("<p>No quarantine table yet.</p></section>").toString();
        }
        List<Map<String, Object>> rows = QuarantineRows.latest(context.database(), name, QUARANTINE_SHOWN);
        if (rows.isEmpty()) {
            return html.append("<p>Nothing quarantined.</p></section>").toString();
        }
        html.append("<table class=\"quarantine\"><thead><tr>");
        rows.get(0).keySet().forEach(column -> html.append("<th>").append(text(column)).append("</th>"));
        html.append("</tr></thead><tbody>");
        for (Map<String, Object> row : rows) {
            html.append("<tr>");
            row.values().forEach(value -> html.append("<td>").append(text(value)).append("</td>"));
            html.append("</tr>");
        }
        return html.append("</tbody></table></section>").toString();
    }

    private String schema(DataSourceDef dataSource) {
        StringBuilder html = new StringBuilder("<section><h2>Schema</h2>");
        if (dataSource.schema().isEmpty()) {
            html.append("<p>Inferred from the first file imported.</p>");
        } else {
            html.append("<table class=\"schema\"><thead><tr><th>Column</th><th>Type</th><th>json path</th></tr>"
                    + "</thead><tbody>");
            for (ColumnDef column : dataSource.schema()) {
                html.append("<tr><td>").append(text(column.name())).append("</td><td>").append(text(column.type()))
                        .append("</td><td>").append(text(column.jsonPath())).append("</td></tr>");
            }
            html.append("</tbody></table>");
        }
        List<SchemaChange> changes = new SchemaChanges(context.database().jdbi()).list(dataSource.name());
        html.append("<h3>Recorded changes</h3>");
        if (changes.isEmpty()) {
            return html.append("<p>None yet: the table is created on the first run.</p></section>").toString();
        }
        html.append("<table class=\"changes\"><thead><tr><th>When</th><th>Change</th><th>Column</th><th>Type</th>"
                + "<th>File</th></tr></thead><tbody>");
        for (SchemaChange change : changes) {
            html.append("<tr><td>").append(Html.time(change.changedAt())).append("</td><td>")
                    .append(text(change.kind().sqlValue())).append("</td><td>").append(text(change.columnName()))
                    .append("</td><td>").append(text(change.columnType())).append("</td><td class=\"key\">")
                    .append(text(change.sourceKey())).append("</td></tr>");
        }
        return html.append("</tbody></table></section>").toString();
    }

    private static FileStatus fileStatus(ConsoleRequest request) {
        return request.parameter("status").map(value -> {
            try {
                return FileStatus.fromSql(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown file status '" + value + "'");
            }
        }).orElse(null);
    }

    static String firstLine(String text) {
        if (text == null) {
            return null;
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
