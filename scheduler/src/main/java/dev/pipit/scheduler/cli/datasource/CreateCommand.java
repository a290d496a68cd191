package dev.pipit.scheduler.cli.datasource;

import dev.pipit.scheduler.cli.ExitCodes;
import dev.pipit.scheduler.cli.LoadedProject;
import dev.pipit.scheduler.cli.ProjectOptions;
import dev.pipit.scheduler.project.ColumnDef;
import dev.pipit.scheduler.project.ConnectionDef;
import dev.pipit.scheduler.project.Location;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.run.FileSample;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bin/scheduler datasource create}: samples a file or topic as {@code analyze} does and writes
 * {@code datasources/NAME.datasource} with the columns an import would infer, declared, so that they no longer
 * depend on which file happens to be imported first. Every choice is a flag; nothing is asked.
 */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Write datasources/NAME.datasource from a sample: DESCRIPTION, SCHEMA with json: paths, "
                + "ENGINE \"MergeTree\" with a sorting key (a time column first), and the IMPORT_* or KAFKA_* "
                + "settings. Check it with `check`, then `deploy` it."},
        footer = {"", "Examples:",
                "  bin/scheduler datasource create orders --file inbox/orders/2026-11-01.csv",
                "  bin/scheduler datasource create orders --connection landing --uri 's3://acme/orders/*.csv' \\",
                "      --schedule @on-demand",
                "  bin/scheduler datasource create page_views --connection events --topic page_views",
                "", "Exit codes: 0 written, 1 the file exists (use --force) or the source cannot be read,",
                "2 wrong options."})
final class CreateCommand implements Callable<Integer> {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    @Mixin
    private ProjectOptions options;

    @Mixin
    private SourceArguments arguments;

    @Parameters(index = "0", paramLabel = "NAME", description = "The data source's name, which is also its table's.")
    private String name;

    @Option(names = "--file", paramLabel = "FILE",
            description = "A local file, imported through the project's local connection (or --connection).")
    private Path file;

    @Option(names = "--uri", paramLabel = "URI",
            description = "IMPORT_BUCKET_URI, read through --connection; a pattern is sampled at its newest match.")
    private String uri;

    @Option(names = "--schedule", paramLabel = "@auto|@on-demand", defaultValue = "@auto",
            description = "IMPORT_SCHEDULE (default: ${DEFAULT-VALUE}).")
    private String schedule;

    @Option(names = "--group-id", paramLabel = "GROUP",
            description = "KAFKA_GROUP_ID for --topic (default: pipit_NAME).")
    private String groupId;

    @Option(names = "--description", paramLabel = "TEXT",
            description = "DESCRIPTION (default: where the sample came from).")
    private String description;

    @Option(names = "--force", description = "Replace an existing datasources/NAME.datasource.")
    private boolean force;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        checkOptions();
        Path target = options.projectDir().resolve("datasources").resolve(name + ".datasource");
        if (target.toFile().exists() && !force) {
            err.println("datasource create: " + target + " exists; pass --force to replace it");
            return ExitCodes.FAILED;
        }
        Location declaredAt = Location.ofFile("datasources/" + name + ".datasource");
        Map<String, String> settings = new LinkedHashMap<>();
        SampledSource sampled;
        if (file != null) {
            Project project = LoadedProject.load(options.config(), options.projectDir()).project();
            String connection = localConnection(project);
            sampled = Sources.sample(spec, options, withoutConnection(), file.toString(), declaredAt);
            importSettings(settings, connection, fileUri(project.root(), file));
        } else if (uri != null) {
            sampled = Sources.sample(spec, options, arguments, uri, declaredAt);
            importSettings(settings, arguments.connection, uri);
        } else {
            sampled = Sources.sample(spec, options, arguments, null, declaredAt);
            settings.put("KAFKA_CONNECTION_NAME", arguments.connection);
            settings.put("KAFKA_TOPIC", arguments.topic);
            settings.put("KAFKA_GROUP_ID", groupId != null ? groupId : "pipit_" + name);
            // The sample was read from the start of the topic; a new group starting there imports it too.
            settings.put("KAFKA_AUTO_OFFSET_RESET", "earliest");
        }
        List<ColumnDef> columns = sampled.columns().stream().map(FileSample.Inferred::column).toList();
        DataSourceFile datasource = new DataSourceFile(
                description != null ? description.strip() : "Created by `bin/scheduler datasource create` from "
                        + sampled.location() + ".",
                columns, SortingKey.of(columns, arguments.topic != null ? "__timestamp" : null), settings);
        try {
            datasource.write(target, force);
        } catch (FileAlreadyExistsException e) {
            err.println("datasource create: " + target + " exists; pass --force to replace it");
            return ExitCodes.FAILED;
        }
        out.println("Wrote " + target + ": " + columns.size() + " columns from " + sampled.location()
                + (sampled.note().isEmpty() ? "" : " (" + sampled.note() + ")"));
        for (FileSample.Inferred rewritten : sampled.rewritten()) {
            out.println("  field '" + rewritten.field().name() + "' is column " + rewritten.column().name());
        }
        out.println("Next: bin/scheduler check, then bin/scheduler deploy (or bin/scheduler run " + name
                + " for a one-shot import).");
        out.flush();
        return ExitCodes.OK;
    }

    private void checkOptions() {
        if (!NAME.matcher(name).matches()) {
            throw new ParameterException(spec.commandLine(), name + " is not a data source name: use letters, "
                    + "digits and _, not starting with a digit");
        }
        int sources = (file != null ? 1 : 0) + (uri != null ? 1 : 0) + (arguments.topic != null ? 1 : 0);
        if (sources != 1) {
            throw new ParameterException(spec.commandLine(),
                    "name one source: --file FILE, --connection C --uri URI, or --connection C --topic TOPIC");
        }
        if (arguments.topic != null && spec.commandLine().getParseResult().hasMatchedOption("--schedule")) {
            throw new ParameterException(spec.commandLine(), "--schedule is for files; a topic is consumed "
                    + "continuously");
        }
        if (!schedule.equals("@auto") && !schedule.equals("@on-demand")) {
            throw new ParameterException(spec.commandLine(), "--schedule must be @auto or @on-demand, not "
                    + schedule);
        }
    }

    /** The local connection a local file is imported through: --connection, or the project's only one. */
    private String localConnection(Project project) {
        List<String> local = project.connections().values().stream()
                .filter(connection -> connection.type().equals("local"))
                .map(ConnectionDef::name)
                .toList();
        if (arguments.connection != null) {
            if (!local.contains(arguments.connection)) {
                throw new ParameterException(spec.commandLine(), "--connection " + arguments.connection
                        + " is not a local connection of the project; a local file is imported through one of "
                        + local);
            }
            return arguments.connection;
        }
        if (local.size() != 1) {
            throw new ParameterException(spec.commandLine(), local.isEmpty()
                    ? "a local file is imported through a local connection, and the project has none: create one "
                            + "with `bin/scheduler connection create local --name files`"
                    : "the project has several local connections " + local + ": choose one with --connection");
        }
        return local.get(0);
    }

    /** The sample of a local file is read directly; the connection only goes into the file. */
    private SourceArguments withoutConnection() {
        SourceArguments local = new SourceArguments();
        local.format = arguments.format;
        local.timeout = arguments.timeout;
        return local;
    }

    private void importSettings(Map<String, String> settings, String connection, String bucketUri) {
        settings.put("IMPORT_CONNECTION_NAME", connection);
        settings.put("IMPORT_BUCKET_URI", bucketUri);
        settings.put("IMPORT_SCHEDULE", schedule);
        settings.put("IMPORT_STRATEGY", "APPEND");
        if (arguments.format != null) {
            settings.put("IMPORT_FORMAT", arguments.format);
        }
    }

    /** Relative to the project when the file is inside it, so the project can move; else absolute. */
    private static String fileUri(Path projectRoot, Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(projectRoot)
                ? "file://./" + projectRoot.relativize(absolute).toString().replace('\\', '/')
                : "file://" + absolute;
    }
}
