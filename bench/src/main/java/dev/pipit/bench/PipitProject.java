package dev.pipit.bench;

import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.project.ProjectLoader;
import dev.pipit.scheduler.project.SecretResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes a project folder of one S3 connection ({@code bench_s3}) and its data sources, and loads it. */
final class PipitProject {
    static final String CONNECTION = "bench_s3";

    private final Path root;

    private PipitProject(Path root) {
        this.root = root;
    }

    static PipitProject create(Path root, S3Bucket s3) throws IOException {
        Files.createDirectories(root.resolve("connections"));
        Files.createDirectories(root.resolve("datasources"));
        Files.writeString(root.resolve("connections/" + CONNECTION + ".connection"), s3.connectionFile());
        return new PipitProject(root);
    }

    /** A project an earlier call wrote, such as the parent's project in a probe's JVM. */
    static PipitProject at(Path root) {
        return new PipitProject(root);
    }

    Path root() {
        return root;
    }

    /** Adds a data source of the events schema importing {@code bucketUri}, plus any further settings lines. */
    PipitProject addDataSource(String name, String bucketUri, String schedule, String... settings) throws IOException {
        Files.writeString(root.resolve("datasources/" + name + ".datasource"), EventsCsv.SCHEMA + """

                IMPORT_CONNECTION_NAME %s
                IMPORT_BUCKET_URI %s
                IMPORT_SCHEDULE %s
                IMPORT_STRATEGY APPEND
                %s
                """.formatted(CONNECTION, bucketUri, schedule, String.join("\n", settings)));
        return this;
    }

    /** @throws IllegalStateException when the project does not load cleanly: a bug in the benchmark */
    Project load(PluginRegistry plugins) {
        Project project = new ProjectLoader(plugins, new SecretResolver(Map.of(), Map.of())).load(root);
        if (project.hasErrors()) {
            throw new IllegalStateException("the benchmark's project does not load: " + project.errors());
        }
        return project;
    }
}
