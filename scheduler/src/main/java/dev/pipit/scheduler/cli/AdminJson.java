package dev.pipit.scheduler.cli;

import static dev.pipit.scheduler.cli.ListView.lower;

import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.ledger.AfterImportState;
import dev.pipit.scheduler.ledger.LedgerFile;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON objects of {@code history --json} and {@code files --json}, which the console's API answers as well:
 * one implementation, so that the two interfaces cannot drift apart (fields are only ever added).
 */
public final class AdminJson {
    private AdminJson() {}

    public static Map<String, Object> run(RunRecord run) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("id", run.id());
        object.put("datasource", run.datasource());
        object.put("trigger", lower(run.trigger()));
        object.put("node", run.node());
        object.put("status", lower(run.status()));
        object.put("started_at", run.startedAt());
        object.put("ended_at", run.endedAt());
        object.put("files", run.files());
        object.put("rows", run.rows());
        object.put("bytes", run.bytes());
        object.put("quarantined", run.quarantined());
        object.put("error", run.error());
        return object;
    }

    /** {@code null} when the import asked for no action ({@code IMPORT_AFTER_IMPORT keep}). */
    private static Map<String, Object> afterImport(AfterImportState state) {
        if (state == null) {
            return null;
        }
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("action", state.action());
        object.put("target_key", state.targetKey());
        object.put("status", state.status());
        object.put("attempts", state.attempts());
        object.put("error", state.error());
        object.put("next_attempt_at", state.nextAttemptAt());
        return object;
    }

    public static Map<String, Object> file(LedgerFile file) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("key", file.uri());
        object.put("status", lower(file.status()));
        object.put("rows", file.rows());
        object.put("quarantined", file.quarantined());
        object.put("bytes", file.bytes());
        object.put("size", file.size());
        object.put("etag", file.etag());
        object.put("last_modified", file.lastModified());
        object.put("run_id", file.runId());
        object.put("error", file.error());
        object.put("discovered_at", file.discoveredAt());
        object.put("updated_at", file.updatedAt());
        object.put("attempts", file.attempts());
        object.put("next_attempt_at", file.nextAttemptAt());
        object.put("generation", file.generation());
        object.put("after_import", afterImport(file.afterImport()));
        return object;
    }
}
