package dev.pipit.scheduler.cli;

import dev.pipit.scheduler.db.Database;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bin/scheduler quarantine}: the rows of a data source that did not fit its schema, newest first. */
@Command(name = "quarantine", mixinStandardHelpOptions = true,
        description = "Show the rows of a data source that went to <datasource>_quarantine, newest first, with the "
                + "columns that did not fit and why. Works while the daemon runs.",
        footer = {"", "Exit codes: 0 ok, 1 invalid data source name, 3 database unreachable.",
                "--json prints an array of {<the data source's columns as text>, c__error_column, c__error, "
                        + "c__import_id, insertion_date}."})
final class QuarantineCommand implements Callable<Integer> {
    @Mixin
    private ProjectOptions options;

    @Parameters(paramLabel = "DATASOURCE", description = "The data source.")
    private String dataSource;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "At most N rows (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Mixin
    private ListOutput output;

    @Override
    public Integer call() {
        try (Database database = AdminDatabase.open(options)) {
            List<String> columns = QuarantineRows.columns(database, dataSource);
            boolean tableExists = !columns.isEmpty();
            ListView<Map<String, Object>> view = new ListView<>(
                    columns.stream().map(column -> column.toUpperCase(Locale.ROOT)).toList(),
                    row -> row.values().toArray(),
                    row -> row,
                    tableExists ? "Nothing quarantined in " + dataSource + "."
                            : "No quarantine table for " + dataSource + " yet: it is created with the data source's "
                                    + "table, on its first import run.");
            output.print(view, tableExists ? QuarantineRows.latest(database, dataSource, limit) : List.of());
            return ExitCodes.OK;
        }
    }
}
