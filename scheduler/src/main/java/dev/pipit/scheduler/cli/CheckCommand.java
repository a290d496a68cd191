package dev.pipit.scheduler.cli;

import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.project.ProjectLoader;
import dev.pipit.scheduler.project.SecretResolver;
import java.io.IOException;
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
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PipitConfig config = options.config();
        Path secretsFile = config.get("secrets.file").map(Path::of).orElse(null);
        SecretResolver secrets;
        try {
            secrets = SecretResolver.load(System.getenv(), secretsFile);
        } catch (IOException e) {
            // The exception's own message could quote the file's content; the file's name is enough to act on.
            err.println("cannot read the secrets file " + secretsFile + " (" + e.getClass().getSimpleName()
                    + "): pass a readable properties file with --secrets FILE or secrets.file");
            err.flush();
            return 1;
        }
        Project loaded = new ProjectLoader(PluginRegistry.forInstallation(), secrets).load(options.projectDir(project));
        if (json) {
            out.println(ProjectJson.render(loaded));
        } else {
            ProjectSummary.print(loaded, out);
        }
        out.flush();
        return loaded.hasErrors() ? 1 : 0;
    }
}
