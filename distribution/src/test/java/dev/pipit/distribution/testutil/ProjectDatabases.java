package dev.pipit.distribution.testutil;

import dev.pipit.testkit.db.Backend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The database of a project whose commands each open it anew, as {@code bin/scheduler} does. */
public final class ProjectDatabases {
    private ProjectDatabases() {}

    /** The backend's settings; on H2 a file in the project, since an in-memory database ends with its command. */
    public static Map<String, String> settings(Backend backend, Path project) {
        return backend == Backend.H2
                ? Map.of("db.url", "jdbc:h2:file:" + project.resolve("data/pipit").toAbsolutePath())
                : backend.freshSettings();
    }

    /** The settings as the properties file {@code --config} reads. */
    public static void writeConfig(Path file, Map<String, String> settings) throws IOException {
        StringBuilder properties = new StringBuilder();
        settings.forEach((key, value) -> properties.append(key).append('=').append(value).append('\n'));
        Files.writeString(file, properties);
    }
}
