package dev.pipit.scheduler.cli;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.Diagnostic;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.project.ProjectLoader;
import dev.pipit.scheduler.project.SecretResolver;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/** A project loaded the way every command that needs one loads it: installed plugins, configured secrets. */
record LoadedProject(Project project, PluginRegistry plugins) {
    LoadedProject {
        requireNonNull(project, "project is null");
        requireNonNull(plugins, "plugins is null");
    }

    /** Loads without printing anything; {@code check} decides itself how to show what loading found. */
    static LoadedProject load(PipitConfig config, Path projectDir) throws IOException {
        PluginRegistry plugins = PluginRegistry.forInstallation();
        SecretResolver secrets = SecretResolver.load(System.getenv(), config.get("secrets.file").map(Path::of).orElse(null));
        return new LoadedProject(new ProjectLoader(plugins, secrets).load(projectDir), plugins);
    }

    /**
     * Loads and prints warnings and errors as {@code file:line: message} on {@code err}.
     *
     * @return empty when the project has errors: nothing may run it
     */
    static Optional<LoadedProject> load(ProjectOptions options, Path positional, PrintWriter err) throws IOException {
        LoadedProject loaded = load(options.config(), options.projectDir(positional));
        for (Diagnostic diagnostic : loaded.project().diagnostics()) {
            if (diagnostic.severity() != Diagnostic.Severity.NOTE) {
                err.println(diagnostic);
            }
        }
        if (loaded.project().hasErrors()) {
            err.println("The project has errors; fix them first (`bin/scheduler check` shows them all).");
        }
        err.flush();
        return loaded.project().hasErrors() ? Optional.empty() : Optional.of(loaded);
    }
}
