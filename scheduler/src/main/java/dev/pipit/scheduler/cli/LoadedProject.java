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

    /**
     * Loads without printing anything; {@code check} decides itself how to show what loading found.
     *
     * @throws IllegalArgumentException when the secrets file cannot be read
     */
    static LoadedProject load(PipitConfig config, Path projectDir) {
        PluginRegistry plugins = PluginRegistry.forInstallation();
        Path secretsFile = config.get("secrets.file").map(Path::of).orElse(null);
        SecretResolver secrets;
        try {
            secrets = SecretResolver.load(System.getenv(), secretsFile);
        } catch (IOException e) {
            // The exception's own message could quote the file's content; the file's name is enough to act on.
            throw new IllegalArgumentException("cannot read the secrets file " + secretsFile + " ("
                    + e.getClass().getSimpleName() + "): pass a readable properties file with --secrets FILE or "
                    + "secrets.file");
        }
        return new LoadedProject(new ProjectLoader(plugins, secrets).load(projectDir), plugins);
    }

    /**
     * Loads and prints warnings and errors as {@code file:line: message} on {@code err}.
     *
     * @return empty when the project has errors: nothing may run it
     */
    static Optional<LoadedProject> load(ProjectOptions options, Path positional, PrintWriter err) {
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
