package dev.pipit.scheduler.console;

import static dev.pipit.scheduler.console.Html.text;

import dev.pipit.scheduler.console.ConsoleReads.RunFile;
import dev.pipit.scheduler.console.ConsoleReads.RunFilter;
import dev.pipit.scheduler.history.RunHistory;
import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.history.RunStatus;
import dev.pipit.scheduler.history.RunTrigger;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code /runs}: the history with filters by data source, status and trigger; {@code /runs/ID}: one run and its files. */
final class RunsPage {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final ConsoleContext context;

    RunsPage(ConsoleContext context) {
        this.context = context;
    }

    ConsoleResponse list(ConsoleRequest request) {
        RunFilter filter = filter(request);
        int limit = Math.max(1, Math.min(MAX_LIMIT, request.intParameter("limit", DEFAULT_LIMIT)));
        List<RunRecord> runs = context.reads().runs(filter, limit);
        StringBuilder body = new StringBuilder("<form class=\"filter\" method=\"get\" action=\"/runs\">");
        body.append("<label>Data source <select name=\"datasource\"><option value=\"\">all</option>");
        context.project().get().dataSources().keySet().forEach(name -> body.append("<option")
                .append(filter.dataSource().filter(name::equals).isPresent() ? " selected" : "").append('>')
                .append(text(name)).append("</option>"));
        body.append("</select></label> ").append(select("status", RunStatus.values(), filter.status()))
                .append(' ').append(select("trigger", RunTrigger.values(), filter.trigger()))
                .append(" <button type=\"submit\">Filter</button></form>");
        if (runs.isEmpty()) {
            body.append("<p>No runs match.</p>");
        } else {
            body.append(table(runs));
        }
        return ConsoleResponse.html(Html.page("Runs", body.toString()));
    }

    ConsoleResponse run(ConsoleRequest request) {
        long id;
        try {
            id = Long.parseLong(request.part(0));
        } catch (NumberFormatException e) {
            throw new NotFoundException("No run with id '" + request.part(0) + "'.");
        }
        RunRecord run = new RunHistory(context.database().jdbi()).find(id)
                .orElseThrow(() -> new NotFoundException("No run with id " + id + "."));
        StringBuilder body = new StringBuilder(table(List.of(run)));
        List<RunFile> files = context.reads().filesOfRun(id);
        body.append("<h2>Files</h2>");
        if (files.isEmpty()) {
            body.append("<p>This run took no file.</p>");
        } else {
            body.append("<table class=\"files\"><thead><tr><th>Key</th><th>Status</th><th class=\"num\">Rows</th>"
                    + "<th class=\"num\">Quarantined</th><th>Cause</th></tr></thead><tbody>");
            for (RunFile file : files) {
                String status = file.status().sqlValue();
                body.append("<tr class=\"").append(status).append("\"><td class=\"key\">").append(text(file.key()))
                        .append("</td><td><span class=\"badge ").append(status).append("\">").append(status)
                        .append("</span></td><td class=\"num\">").append(text(file.rows()))
                        .append("</td><td class=\"num\">").append(text(file.quarantined()))
                        .append("</td><td class=\"cause\">").append(text(DataSourcePage.firstLine(file.error())))
                        .append("</td></tr>");
            }
            body.append("</tbody></table>");
        }
        return ConsoleResponse.html(Html.page("Run #" + id + " of " + run.datasource(), body.toString(),
                run.status() == RunStatus.RUNNING ? 2 : 0));
    }

    private static String table(List<RunRecord> runs) {
        StringBuilder html = new StringBuilder("<table class=\"runs\"><thead><tr><th>Run</th><th>Data source</th>"
                + "<th>Trigger</th><th>Node</th><th>Status</th><th>Started</th><th>Ended</th><th class=\"num\">Files"
                + "</th><th class=\"num\">Rows</th><th class=\"num\">Quarantined</th><th>Error</th></tr></thead><tbody>");
        for (RunRecord run : runs) {
            html.append("<tr data-run-id=\"").append(run.id()).append("\"><td><a href=\"/runs/").append(run.id())
                    .append("\">#").append(run.id()).append("</a></td><td><a href=\"/datasources/")
                    .append(Html.segment(run.datasource())).append("\">").append(text(run.datasource()))
                    .append("</a></td><td>").append(run.trigger().sqlValue()).append("</td><td>").append(text(run.node()))
                    .append("</td><td>").append(OverviewPage.badge(run)).append("</td><td>")
                    .append(Html.time(run.startedAt())).append("</td><td>").append(Html.time(run.endedAt()))
                    .append("</td><td class=\"num\">").append(run.files()).append("</td><td class=\"num\">")
                    .append(run.rows()).append("</td><td class=\"num\">").append(run.quarantined())
                    .append("</td><td class=\"cause\">").append(text(run.error())).append("</td></tr>");
        }
        return html.append("</tbody></table>").toString();
    }

    private static <E extends Enum<E>> String select(String name, E[] values, Optional<E> chosen) {
        StringBuilder html = new StringBuilder("<label>").append(Character.toUpperCase(name.charAt(0)))
                .append(name.substring(1)).append(" <select name=\"").append(name)
                .append("\"><option value=\"\">all</option>");
        for (E value : values) {
            String lower = value.name().toLowerCase(Locale.ROOT);
            html.append("<option").append(chosen.filter(value::equals).isPresent() ? " selected" : "").append('>')
                    .append(lower).append("</option>");
        }
        return html.append("</select></label>").toString();
    }

    static RunFilter filter(ConsoleRequest request) {
        try {
            return new RunFilter(request.parameter("datasource"),
                    request.parameter("status").map(RunStatus::fromSql),
                    request.parameter("trigger").map(RunTrigger::fromSql));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown status or trigger");
        }
    }
}
