package dev.pipit.distribution.testutil;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.history.RunTrigger;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.project.ProjectLoader;
import dev.pipit.scheduler.project.SecretResolver;
import dev.pipit.scheduler.run.ImportRunner;
import dev.pipit.scheduler.run.RunLimits;
import dev.pipit.scheduler.run.RunListener;
import java.nio.file.Path;
import java.util.Map;

/**
 * Import runs in the test's own process, as a daemon's worker makes them, for the tests that look at one run
 * closely: the project as a folder of datafiles, no secrets, the installed plugins unless a test brings its own.
 */
public final class InProcessRuns {
    private InProcessRuns() {}

    /** The project in {@code dir}, errors and all, read with the installed plugins. */
    public static Project load(Path dir) {
        return load(dir, PluginRegistry.forInstallation());
    }

    /** A runner of the project in {@code dir}, which must load without errors. */
    public static ImportRunner runner(Database database, Path dir, RunLimits limits) {
        return runner(database, PluginRegistry.forInstallation(), dir, limits);
    }

    public static ImportRunner runner(Database database, PluginRegistry plugins, Path dir, RunLimits limits) {
        Project project = load(dir, plugins);
        assertThat(project.errors()).as("%s", project.diagnostics()).isEmpty();
        return new ImportRunner(database, plugins, project, limits, "test-node");
    }

    /** One manual run of {@code dataSource}, to its end. */
    public static RunRecord run(Database database, Path dir, String dataSource, RunLimits limits) {
        return runner(database, dir, limits).run(dataSource, RunTrigger.MANUAL, RunListener.NONE, () -> false);
    }

    private static Project load(Path dir, PluginRegistry plugins) {
        return new ProjectLoader(plugins, new SecretResolver(Map.of(), Map.of())).load(dir);
    }
}
