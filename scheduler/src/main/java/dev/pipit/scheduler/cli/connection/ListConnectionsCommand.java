package dev.pipit.scheduler.cli.connection;

import dev.pipit.scheduler.cli.ExitCodes;
import dev.pipit.scheduler.cli.JsonOutput;
import dev.pipit.scheduler.cli.LoadedProject;
import dev.pipit.scheduler.cli.ProjectOptions;
import dev.pipit.scheduler.cli.TextTable;
import dev.pipit.scheduler.project.ConnectionDef;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.project.Project;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bin/scheduler connection ls}: the project's connections and the data sources that use each. */
@Command(name = "ls", mixinStandardHelpOptions = true,
        description = "List the project's connections: name, type, file and the data sources that read through it.",
        footer = {"", "Exit codes: 0 listed (the project's problems, if any, are printed on stderr)."})
final class ListConnectionsCommand implements Callable<Integer> {
    @Mixin
    private ProjectOptions options;

    @Option(names = "--json", description = "Print a JSON array [{name, type, file, datasources}] instead of text.")
    private boolean json;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Project project = LoadedProject.load(options.config(), options.projectDir()).project();
        LoadedProject.printDiagnostics(project, spec.commandLine().getErr());
        List<Row> rows = new ArrayList<>();
        for (ConnectionDef connection : project.connections().values()) {
            rows.add(new Row(connection.name(), connection.type(), connection.typeLocation().file(),
                    ConnectionUsers.of(project, connection.name()).stream().map(DataSourceDef::name).toList()));
        }
        if (json) {
            JsonOutput.print(out, rows);
            return ExitCodes.OK;
        }
        if (rows.isEmpty()) {
            out.println("No connections in " + project.root() + "; create one with `bin/scheduler connection create`.");
        } else {
            TextTable table = new TextTable("NAME", "TYPE", "DATASOURCES");
            rows.forEach(row -> table.row(row.name(), row.type(), String.join(", ", row.datasources())));
            table.print(out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** One connection as {@code --json} prints it. */
    record Row(String name, String type, String file, List<String> datasources) {}
}
