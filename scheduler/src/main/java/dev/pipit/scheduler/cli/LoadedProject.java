package dev.pipit.scheduler.cli;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.Diagnostic;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.project.ProjectFolder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/** A project loaded the way every command that needs one loads it: installed plugins, configured secrets. */
public record LoadedProject(Project project, PluginRegistry plugins) {
    public LoadedProject {
        requireNonNull(project, "project is null");
        requireNonNull(plugins, "plugins is null");
    }

    /**
     * Loads without printing anything; {@code check} decides itself how to show what loading found.
     *
     * @throws IllegalArgumentException when the secrets file cannot be read
     */
    public static LoadedProject load(PipitConfig config, Path projectDir) {
        PluginRegistry plugins = PluginRegistry.forInstallation();
        return new LoadedProject(new ProjectFolder(config, plugins, projectDir).load(), plugins);
    }

    /**
     * Loads and prints warnings and errors as {@code file:line: message} on {@code err}.
     *
     * @return empty when the project has errors: nothing may run it
     */
    public static Optional<LoadedProject> load(ProjectOptions options, Path positional, PrintWriter err) {
        LoadedProject loaded = load(options.config(), options.projectDir(positional));
        return printDiagnostics(loaded.project(), err) ? Optional.of(loaded) : Optional.empty();
    }

    /**
     * Prints warnings and errors as {@code file:line: message} on {@code err}.
     *
     * @return whether the project is free of errors, so that it may run
     */
    public static boolean printDiagnostics(Project project, PrintWriter err) {
        for (Diagnostic diagnostic : project.diagnostics()) {
            if (diagnostic.severity() != Diagnostic.Severity.NOTE) {
                err.println(diagnostic);
            }
        }
        if (project.hasErrors()) {
            err.println("The project has errors; fix them first (`bin/scheduler check` shows them all).");
        }
        err.flush();
        return !project.hasErrors();
    }
}
