package dev.pipit.scheduler.pipe;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.PipeDef;
import dev.pipit.scheduler.project.Project;
import java.util.Map;
import java.util.Optional;

/** Runs a pipe of the current project by name: the one entry point of scheduled pipe runs. */
public final class PipeRunner {
    private final SinkExport sinks;
    private final CopyRun copies;
    private volatile Project project;

    public PipeRunner(Database database, PluginRegistry plugins, Project project, String node) {
        this.sinks = new SinkExport(database, plugins, node);
        this.copies = new CopyRun(database, node);
        this.project = requireNonNull(project, "project is null");
    }

    /** Later runs use {@code newProject}; a run in progress ends with the project it started with. */
    public void useProject(Project newProject) {
        this.project = requireNonNull(newProject, "newProject is null");
    }

    /**
     * Runs a pipe once with its parameters' defaults.
     *
     * @param request the request id the run answers, recorded in its history, or {@code null} for a firing
     * @return empty when the project no longer has the pipe (a trigger that fired as a deployment removed it)
     */
    public Optional<PipeRun> run(String name, String request) {
        Project current = project;
        PipeDef pipe = current.pipes().get(name);
        if (pipe == null) {
            return Optional.empty();
        }
        return Optional.of(pipe.copy().isPresent()
                ? copies.run(current, pipe, Map.of(), null, request)
                : sinks.run(current, pipe, Map.of(), request));
    }
}
