package dev.pipit.scheduler.cli.datasource;

import dev.pipit.scheduler.cli.LoadedProject;
import dev.pipit.scheduler.cli.ProjectOptions;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.ConnectorBinding;
import dev.pipit.scheduler.project.Location;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Turns the source a person named (a local file, a URI through a connection, or a topic) into a sample. The
 * project is loaded only when a connection is named: a local file can be analyzed anywhere.
 */
final class Sources {
    private Sources() {}

    /**
     * @param source a local path or a URI; {@code null} when the source is {@code --topic}
     * @param declaredAt the data source file the columns are for, for messages
     * @throws ParameterException when the options do not name one readable source
     */
    static SampledSource sample(CommandSpec spec, ProjectOptions options, SourceArguments arguments, String source,
            Location declaredAt) throws IOException {
        if ((source == null) == (arguments.topic == null)) {
            throw new ParameterException(spec.commandLine(), source == null
                    ? "name what to sample: a file, a URI with --connection, or --connection with --topic"
                    : "name one source: a file or URI, or --topic, not both");
        }
        boolean uri = source != null && source.contains("://");
        boolean local = source != null && (!uri || source.startsWith("file://")) && arguments.connection == null;
        if (local) {
            PluginRegistry plugins = PluginRegistry.forInstallation();
            SourceSampler sampler = new SourceSampler(plugins, options.projectDir(), declaredAt);
            if (uri) {
                return sampler.localUri(source, arguments.format);
            }
            Path file = Path.of(source);
            if (!Files.isRegularFile(file)) {
                throw new ParameterException(spec.commandLine(), "no file " + file.toAbsolutePath()
                        + "; name a local file, or a bucket URI (s3://, gs://, abfss://...) with --connection");
            }
            return sampler.localFile(file, arguments.format);
        }
        if (arguments.connection == null) {
            throw new ParameterException(spec.commandLine(), (uri ? source : "--topic " + arguments.topic)
                    + " is read through one of the project's connections: add --connection NAME");
        }
        // Only the connection has to load: a project being built may have errors elsewhere.
        LoadedProject project = LoadedProject.load(options.config(), options.projectDir());
        ConnectorBinding connection = ConnectorBinding.named(project.project(), project.plugins(),
                arguments.connection);
        SourceSampler sampler = new SourceSampler(project.plugins(), project.project().root(), declaredAt);
        return arguments.topic != null
                ? sampler.topic(connection, arguments.topic, arguments.timeout)
                : sampler.file(connection, uri ? source : "file://" + Path.of(source).toAbsolutePath(),
                        arguments.format);
    }
}
