package dev.pipit.scheduler.cli.datasource;

import dev.pipit.scheduler.catalog.InvalidValueException;
import dev.pipit.scheduler.cli.ExitCodes;
import dev.pipit.scheduler.cli.JsonOutput;
import dev.pipit.scheduler.cli.LoadedProject;
import dev.pipit.scheduler.cli.ProjectOptions;
import dev.pipit.scheduler.cli.TextTable;
import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.db.DatabaseException;
import dev.pipit.scheduler.project.ColumnDef;
import dev.pipit.scheduler.project.ConnectorBinding;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.run.FilePreview;
import dev.pipit.spi.connector.ObjectStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.h2.api.ErrorCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bin/scheduler datasource preview}: the rows one file would add and the records it would quarantine,
 * converted by the import's own code, with nothing written (see {@link FilePreview} for why nothing can be).
 */
@Command(name = "preview", mixinStandardHelpOptions = true,
        description = {"Read one file of a data source (the next one a run would import, or --key) through the "
                + "import's conversion with the data source's schema, and show the rows as they would be stored "
                + "and why records would go to quarantine. Writes nothing: no table, ledger or history change."},
        footer = {"", "Exit codes: 0 previewed, 1 no file to preview or it cannot be read, 2 wrong options,",
                "3 database unreachable."})
final class PreviewCommand implements Callable<Integer> {
    private static final long MAX_RECORDS = 100_000;

    @Mixin
    private ProjectOptions options;

    @Parameters(index = "0", paramLabel = "DATASOURCE", description = "A data source imported from files.")
    private String name;

    @Option(names = "--key", paramLabel = "KEY", description = "This object (its URI, its key in the bucket, or "
            + "its name in the folder IMPORT_BUCKET_URI reads) instead of the next one to import.")
    private String key;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "Rows and quarantined records to show, each (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    private boolean json;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<LoadedProject> loaded = LoadedProject.load(options, null, err);
        if (loaded.isEmpty()) {
            return ExitCodes.FAILED;
        }
        DataSourceDef dataSource = loaded.get().project().dataSources().get(name);
        if (dataSource == null || dataSource.importSpec().isEmpty()) {
            err.println("datasource preview: no data source named '" + name + "' is imported from files in "
                    + loaded.get().project().root() + (dataSource != null && dataSource.kafkaSpec().isPresent()
                            ? "; for a Kafka data source, `datasource analyze --connection C --topic T` shows "
                                    + "its messages" : ""));
            return ExitCodes.USAGE;
        }
        ConnectorBinding connection = ConnectorBinding.named(loaded.get().project(), loaded.get().plugins(),
                dataSource.importSpec().get().connectionName());
        FilePreview.Result result;
        Database database = existingDatabase(loaded.get().project().root());
        try (ObjectStore store = connection.openObjectStore()) {
            result = new FilePreview(database, loaded.get().plugins()).preview(dataSource, store, key, limit,
                    MAX_RECORDS);
        } finally {
            if (database != null) {
                database.close();
            }
        }
        if (json) {
            JsonOutput.print(out, json(result));
        } else {
            printText(result, out);
        }
        return ExitCodes.OK;
    }

    /**
     * The configured database, or {@code null} when it is an H2 file that does not exist yet: a project never run
     * has no ledger or schema log to read, and opening the file would create it.
     */
    private Database existingDatabase(Path projectRoot) {
        PipitConfig config = options.config();
        String url = config.get("db.url", Database.DEFAULT_URL);
        if (!url.startsWith("jdbc:h2:") || url.startsWith("jdbc:h2:mem:")) {
            return Database.open(config, projectRoot);
        }
        try {
            return Database.open(config.with("db.url", url + ";IFEXISTS=TRUE"), projectRoot);
        } catch (DatabaseException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof SQLException sql
                        && sql.getErrorCode() == ErrorCode.DATABASE_NOT_FOUND_WITH_IF_EXISTS_1) {
                    return null;
                }
            }
            throw e;
        }
    }

    private void printText(FilePreview.Result result, PrintWriter out) {
        out.println(name + ": " + result.objectUri() + " (" + (key != null ? "as asked"
                : result.pending() ? "the next pending file" : "the next file a run would discover") + "; schema: "
                + result.schemaSource() + ")");
        out.println(result.records() + " records" + (result.complete() ? "" : " read (the file goes on)") + ": "
                + result.storedRows() + " rows would be stored, " + result.quarantinedRows() + " quarantined");
        out.println();
        List<String> names = result.columns().stream().map(ColumnDef::name).toList();
        if (!result.rows().isEmpty()) {
            out.println("Rows as stored" + (result.storedRows() > result.rows().size()
                    ? " (first " + result.rows().size() + ")" : "") + ":");
            TextTable rows = new TextTable(names.toArray(String[]::new));
            result.rows().forEach(row -> rows.row(row.stream().map(value -> value == null ? "NULL" : text(value))
                    .toArray()));
            rows.print(out);
            out.println();
        }
        if (!result.quarantined().isEmpty()) {
            out.println("Quarantined" + (result.quarantinedRows() > result.quarantined().size()
                    ? " (first " + result.quarantined().size() + ")" : "") + ":");
            TextTable quarantined = new TextTable("LINE", "COLUMNS", "REASON");
            for (FilePreview.Quarantined record : result.quarantined()) {
                quarantined.row(record.line(), String.join(", ", errorColumns(record)),
                        String.join("; ", record.errors().stream().map(InvalidValueException::getMessage).toList()));
            }
            quarantined.print(out);
            out.println();
        }
        out.println("Nothing was written.");
        out.flush();
    }

    private Map<String, Object> json(FilePreview.Result result) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("datasource", name);
        document.put("key", result.objectUri());
        document.put("pending", result.pending());
        document.put("schema_source", result.schemaSource());
        List<Map<String, String>> columns = new ArrayList<>();
        for (ColumnDef column : result.columns()) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("name", column.name());
            entry.put("type", column.type());
            entry.put("json_path", column.jsonPath());
            columns.add(entry);
        }
        document.put("columns", columns);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (List<Object> row : result.rows()) {
            rows.add(keyed(result.columns(), row, true));
        }
        document.put("rows", rows);
        List<Map<String, Object>> quarantined = new ArrayList<>();
        for (FilePreview.Quarantined record : result.quarantined()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("line", record.line());
            entry.put("values", keyed(result.columns(), record.source(), false));
            entry.put("c__error_column", errorColumns(record));
            entry.put("c__error", record.errors().stream().map(InvalidValueException::getMessage).toList());
            quarantined.add(entry);
        }
        document.put("quarantined", quarantined);
        document.put("records", result.records());
        document.put("rows_total", result.storedRows());
        document.put("quarantined_total", result.quarantinedRows());
        document.put("complete", result.complete());
        return document;
    }

    private static Map<String, Object> keyed(List<ColumnDef> columns, List<Object> values, boolean typed) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            Object value = values.get(i);
            row.put(columns.get(i).name(), typed && !(value instanceof Object[]) ? value : text(value));
        }
        return row;
    }

    private static List<String> errorColumns(FilePreview.Quarantined record) {
        return record.errors().stream().map(InvalidValueException::column).toList();
    }

    /** A value as SQL shows it: times as {@code 2026-11-01 10:00:00.5} (UTC ones without their offset). */
    private static String text(Object value) {
        if (value instanceof OffsetDateTime time && time.getOffset().equals(ZoneOffset.UTC)) {
            return text(time.toLocalDateTime());
        }
        if (value instanceof LocalDateTime time) {
            return time.toLocalDate() + " " + DateTimeFormatter.ISO_LOCAL_TIME.format(time.toLocalTime());
        }
        if (value == null) {
            return null;
        }
        return value instanceof Object[] array ? Arrays.deepToString(array) : value.toString();
    }
}
