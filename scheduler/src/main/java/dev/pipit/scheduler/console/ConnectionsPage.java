package dev.pipit.scheduler.console;

import static dev.pipit.scheduler.console.Html.text;

import dev.pipit.scheduler.console.ConsoleReads.ConnectionHealth;
import dev.pipit.scheduler.project.ConnectionDef;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.project.Project;
import java.util.List;
import java.util.Map;

/**
 * {@code /connections}: each connection with its type, the data sources that read through it, its status (the
 * worst of theirs), and a Test button.
 */
final class ConnectionsPage {
    private final ConsoleContext context;

    ConnectionsPage(ConsoleContext context) {
        this.context = context;
    }

    ConsoleResponse render(ConsoleRequest request) {
        return ConsoleResponse.html(Html.page("Connections", table(null)));
    }

    /** Tests one connection, and shows the page with the answer beside it. */
    ConsoleResponse test(ConsoleRequest request) {
        Project project = context.project().get();
        ConnectionDef connection = project.connections().get(request.part(0));
        if (connection == null) {
            throw new NotFoundException("No connection named '" + request.part(0) + "' in this project.");
        }
        ConnectionTester.Result result = ConnectionTester.test(project, context.plugins(), connection);
        String answer = "<p class=\"test-result " + (result.ok() ? "ok" : "error") + "\" id=\"test-result\">"
                + text(connection.name()) + ": " + (result.ok() ? "OK, " : "failed: ") + text(result.message()) + "</p>";
        return ConsoleResponse.html(Html.page("Connections", answer + table(connection.name())));
    }

    private String table(String tested) {
        Project project = context.project().get();
        Map<String, ConnectionHealth> health = context.reads().health();
        if (project.connections().isEmpty()) {
            return "<p>The project has no connections.</p>";
        }
        StringBuilder html = new StringBuilder("<table class=\"connections\"><thead><tr><th>Connection</th>"
                + "<th>Type</th><th>Data sources</th><th>Status</th><th></th></tr></thead><tbody>");
        for (ConnectionDef connection : project.connections().values()) {
            List<DataSourceDef> users = project.dataSources().values().stream()
                    .filter(DataSourceDef::isFed)
                    .filter(dataSource -> ConsoleContext.connectionName(dataSource).equals(connection.name()))
                    .toList();
            ConnectionHealth worst = ConnectionHealth.UNKNOWN;
            StringBuilder names = new StringBuilder();
            for (DataSourceDef user : users) {
                names.append(names.length() == 0 ? "" : ", ").append("<a href=\"/datasources/")
                        .append(Html.segment(user.name())).append("\">").append(text(user.name())).append("</a>");
                ConnectionHealth own = health.getOrDefault(user.name(), ConnectionHealth.UNKNOWN);
                if (own.failing() || (!worst.failing() && worst.lastSuccess() == null)) {
                    worst = own;
                }
            }
            html.append("<tr id=\"").append(text(connection.name())).append("\"")
                    .append(connection.name().equals(tested) ? " class=\"tested\"" : "").append("><td>")
                    .append(text(connection.name())).append("</td><td>").append(text(connection.type()))
                    .append("</td><td>").append(names.length() == 0 ? "none" : names).append("</td><td>")
                    .append(users.isEmpty() ? "" : OverviewPage.status(worst))
                    .append("</td><td><form method=\"post\" action=\"/connections/")
                    .append(Html.segment(connection.name())).append("/test\"><button type=\"submit\">Test</button>"
                            + "</form></td></tr>");
        }
        return html.append("</tbody></table>").toString();
    }
}
