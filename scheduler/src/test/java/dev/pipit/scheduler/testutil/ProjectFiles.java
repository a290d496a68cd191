package dev.pipit.scheduler.testutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes datafiles into a test's project folder. */
public final class ProjectFiles {
    private ProjectFiles() {}

    /** Writes {@code lines} joined with LF to {@code relative}, creating folders. */
    public static Path write(Path root, String relative, String... lines) {
        Path file = root.resolve(relative);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
