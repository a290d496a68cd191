package dev.pipit.scheduler.cli;

import dev.pipit.scheduler.config.PipitConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command shares: which project, which configuration file, which secrets file. */
public final class ProjectOptions {
    @Option(names = "--project", paramLabel = "DIR", description = "The project folder (default: the current folder).")
    private Path project;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file (default: conf/scheduler.properties of the installation).")
    private Path configFile;

    @Option(names = "--secrets", paramLabel = "FILE",
            description = "Properties file of tb_secret() values, read after the environment (config: secrets.file).")
    private Path secretsFile;

    /** The project folder: a command's positional argument wins over {@code --project}, which wins over ".". */
    public Path projectDir(Path positional) {
        Path chosen = positional != null ? positional : project != null ? project : Path.of(".");
        return chosen.toAbsolutePath().normalize();
    }

    public Path projectDir() {
        return projectDir(null);
    }

    public PipitConfig config() {
        try {
            PipitConfig config = PipitConfig.loadDefault(configFile);
            return secretsFile == null ? config : config.with("secrets.file", secretsFile.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration " + configFile + ": " + e.getMessage(), e);
        }
    }
}
