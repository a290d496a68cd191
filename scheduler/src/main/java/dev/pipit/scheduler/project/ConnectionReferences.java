package dev.pipit.scheduler.project;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which connection each data source file names, read from the files as written. A deployment needs this for a
 * project that does not load: a data source naming a connection that was removed makes the project invalid, and
 * the deployment must still say which data source holds on to which connection.
 */
public final class ConnectionReferences {
    private ConnectionReferences() {}

    /**
     * One data source's {@code IMPORT_CONNECTION_NAME} (or a service's name for it) or {@code
     * KAFKA_CONNECTION_NAME}, or one sink pipe's {@code EXPORT_CONNECTION_NAME}.
     *
     * @param kind "data source" or "sink pipe", for messages
     * @param dataSource the data source's or the pipe's name
     * @param connection the connection named, as written
     * @param location the setting's line
     */
    public record Reference(String kind, String dataSource, String connection, Location location) {
        public Reference {
            requireNonNull(kind, "kind is null");
            requireNonNull(dataSource, "dataSource is null");
            requireNonNull(connection, "connection is null");
            requireNonNull(location, "location is null");
        }
    }

    /**
     * The references of every readable {@code .datasource} and {@code .pipe} file below {@code root}; unreadable
     * files are skipped.
     */
    public static List<Reference> read(Path root) {
        Path absoluteRoot = root.toAbsolutePath().normalize();
        List<Reference> references = new ArrayList<>();
        for (Path file : ProjectLoader.datafiles(absoluteRoot, new ArrayList<>())) {
            String relative = ProjectLoader.relative(absoluteRoot, file);
            boolean pipe = relative.endsWith(".pipe");
            if (!relative.endsWith(".datasource") && !pipe) {
                continue;
            }
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                continue;
            }
            Datafile datafile = DatafileParser.parse(relative, text, new ArrayList<>(),
                    pipe ? PipeLoader.NODE_KEYS : java.util.Set.of());
            String fileName = relative.substring(relative.lastIndexOf('/') + 1);
            String name = fileName.substring(0, fileName.lastIndexOf('.'));
            Optional<Datafile.Entry> entry = pipe ? datafile.entry("EXPORT_CONNECTION_NAME")
                    : datafile.entry(DataSourceKeys.IMPORT_CONNECTION_NAME)
                            .or(() -> datafile.entry(DataSourceKeys.S3_CONNECTION_NAME))
                            .or(() -> datafile.entry(DataSourceKeys.GCS_CONNECTION_NAME))
                            .or(() -> datafile.entry(DataSourceKeys.AZURE_CONNECTION_NAME))
                            .or(() -> datafile.entry(DataSourceKeys.KAFKA_CONNECTION_NAME));
            entry.ifPresent(reference -> references.add(new Reference(pipe ? "sink pipe" : "data source", name,
                    reference.value().strip(), reference.location())));
        }
        return references;
    }
}
