package dev.pipit.scheduler.cli;

import dev.pipit.scheduler.project.Project;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bin/scheduler check [PROJECT] [--json]}: loads a project and reports what it holds and what is wrong. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Validates a project without touching the database: lists its connections and data sources, and prints "
                    + "every problem as file:line: severity: message.",
            "Exit status: 0 when the project loads (warnings allowed), 1 on errors."
        })
public final class CheckCommand implements Callable<Integer> {
    @Mixin
    private ProjectOptions options;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PROJECT",
            description = "The project folder; wins over --project (default: the current folder).")
    private Path project;

    @Option(names = "--json", description = "Print one JSON object instead of text; secrets show as <masked>.")
    private boolean json;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Project loaded = LoadedProject.load(options.config(), options.projectDir(project)).project();
        if (json) {
            out.println(ProjectJson.render(loaded));
        } else {
            ProjectSummary.print(loaded, out);
        }
        out.flush();
        return loaded.hasErrors() ? ExitCodes.FAILED : ExitCodes.OK;
    }
}
