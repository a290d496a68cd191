package dev.pipit.scheduler.project;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.plugin.PluginRegistry;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A project folder loaded with the secrets the configuration points to, as commands load it at start and as the
 * daemon loads it again for a new deployment.
 */
public final class ProjectFolder {
    private final PipitConfig config;
    private final PluginRegistry plugins;
    private final Path root;

    public ProjectFolder(PipitConfig config, PluginRegistry plugins, Path root) {
        this.config = requireNonNull(config, "config is null");
        this.plugins = requireNonNull(plugins, "plugins is null");
        this.root = requireNonNull(root, "root is null");
    }

    /**
     * Reads the folder now, with the environment and {@code secrets.file} as they are now.
     *
     * @throws IllegalArgumentException when the secrets file cannot be read
     */
    public Project load() {
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
        return new ProjectLoader(plugins, secrets).load(root);
    }

    public PluginRegistry plugins() {
        return plugins;
    }
}
