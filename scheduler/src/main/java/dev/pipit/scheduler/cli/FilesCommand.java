package dev.pipit.scheduler.cli;

import static dev.pipit.scheduler.cli.ListView.lower;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.ledger.FileLedger;
import dev.pipit.scheduler.ledger.FileStatus;
import dev.pipit.scheduler.ledger.LedgerFile;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bin/scheduler files}: the file-discovery ledger of one data source. */
@Command(name = "files", mixinStandardHelpOptions = true,
        description = "Show the files discovered for a data source and what became of each. Works while the daemon runs.",
        footer = {"", "Exit codes: 0 ok, 3 database unreachable.",
                "--json prints an array of {key, status, rows, quarantined, bytes, size, etag, last_modified, run_id, "
                        + "error, discovered_at, updated_at, attempts, next_attempt_at, generation, after_import}; after_import is null "
                        + "or {action, target_key, status, attempts, error, next_attempt_at} (IMPORT_AFTER_IMPORT)."})
final class FilesCommand implements Callable<Integer> {
    @Mixin
    private ProjectOptions options;

    @Parameters(paramLabel = "DATASOURCE", description = "The data source.")
    private String dataSource;

    @Option(names = "--status", paramLabel = "S",
            description = "Only files in this status: ${COMPLETION-CANDIDATES}.")
    private FileStatus status;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", description = "At most N files (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Mixin
    private ListOutput output;

    @Override
    public Integer call() {
        try (Database database = AdminDatabase.open(options)) {
            List<LedgerFile> files = new FileLedger(database.jdbi()).list(dataSource, status, limit);
            ListView<LedgerFile> view = new ListView<>(
                    List.of("KEY", "STATUS", "ROWS", "QUARANTINED", "SIZE", "LAST MODIFIED", "RUN", "ERROR"),
                    file -> new Object[] {file.uri(), lower(file.status()), file.rows(), file.quarantined(),
                        file.size(), file.lastModified(), file.runId(), file.error()},
                    AdminJson::file,
                    "No files discovered for " + dataSource + (status == null ? "" : " with status " + lower(status)) + ".");
            output.print(view, files);
            return ExitCodes.OK;
        }
    }
}
