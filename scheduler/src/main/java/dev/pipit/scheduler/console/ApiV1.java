package dev.pipit.scheduler.console;

import dev.pipit.scheduler.cli.AdminJson;
import dev.pipit.scheduler.cli.JsonOutput;
import dev.pipit.scheduler.cli.QuarantineRows;
import dev.pipit.scheduler.cli.StatusReport;
import dev.pipit.scheduler.history.RunHistory;
import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.ledger.FileLedger;
import dev.pipit.scheduler.ledger.FileStatus;
import dev.pipit.scheduler.project.DataSourceDef;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/...}: the admin commands' {@code --json} documents over HTTP, written by the same code, so each
 * answer has exactly the fields of its command.
 *
 * <ul>
 *   <li>{@code GET /api/v1/status}: {@code status --json}</li>
 *   <li>{@code GET /api/v1/runs?datasource=&status=&trigger=&limit=}: {@code history --json}</li>
 *   <li>{@code GET /api/v1/runs/ID}: one object of {@code history --json}</li>
 *   <li>{@code GET /api/v1/datasources/NAME/files?status=&limit=}: {@code files NAME --json}</li>
 *   <li>{@code GET /api/v1/datasources/NAME/quarantine?limit=}: {@code quarantine NAME --json}</li>
 * </ul>
 */
final class ApiV1 {
    private static final int DEFAULT_HISTORY_LIMIT = 20;
    private static final int DEFAULT_FILES_LIMIT = 1000;
    private static final int DEFAULT_QUARANTINE_LIMIT = 100;

    private final ConsoleContext context;

    ApiV1(ConsoleContext context) {
        this.context = context;
    }

    void register(Routes routes) {
        routes.get("/api/v1/status", this::status)
                .get("/api/v1/runs", this::runs)
                .get("/api/v1/runs/{id}", this::run)
                .get("/api/v1/datasources/{name}/files", this::files)
                .get("/api/v1/datasources/{name}/quarantine", this::quarantine);
    }

    private ConsoleResponse status(ConsoleRequest request) {
        List<Map<String, Object>> lines = StatusReport.of(context.project().get(), context.plugins(), context.database())
                .stream().map(StatusReport.Line::toJson).toList();
        return json(lines);
    }

    private ConsoleResponse runs(ConsoleRequest request) {
        int limit = Math.max(1, Math.min(RunsPage.MAX_LIMIT, request.intParameter("limit", DEFAULT_HISTORY_LIMIT)));
        List<RunRecord> runs = context.reads().runs(RunsPage.filter(request), limit);
        return json(runs.stream().map(AdminJson::run).toList());
    }

    private ConsoleResponse run(ConsoleRequest request) {
        long id;
        try {
            id = Long.parseLong(request.part(0));
        } catch (NumberFormatException e) {
            throw new NotFoundException("no run with id '" + request.part(0) + "'");
        }
        return json(AdminJson.run(new RunHistory(context.database().jdbi()).find(id)
                .orElseThrow(() -> new NotFoundException("no run with id " + id))));
    }

    private ConsoleResponse files(ConsoleRequest request) {
        DataSourceDef dataSource = context.dataSource(request.part(0));
        FileStatus status;
        try {
            status = request.parameter("status").map(FileStatus::fromSql).orElse(null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown file status '" + request.parameter("status").get() + "'");
        }
        int limit = request.intParameter("limit", DEFAULT_FILES_LIMIT);
        return json(new FileLedger(context.database().jdbi()).list(dataSource.name(), status, limit).stream()
                .map(AdminJson::file).toList());
    }

    private ConsoleResponse quarantine(ConsoleRequest request) {
        DataSourceDef dataSource = context.dataSource(request.part(0));
        if (QuarantineRows.columns(context.database(), dataSource.name()).isEmpty()) {
            return json(List.of());
        }
        return json(QuarantineRows.latest(context.database(), dataSource.name(),
                request.intParameter("limit", DEFAULT_QUARANTINE_LIMIT)));
    }

    private static ConsoleResponse json(Object document) {
        return ConsoleResponse.json(200, JsonOutput.write(document) + "\n");
    }
}
