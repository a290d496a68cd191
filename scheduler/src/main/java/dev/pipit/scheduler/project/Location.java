package dev.pipit.scheduler.project;

import static java.util.Objects.requireNonNull;

/**
 * A place in a project, printed the way editors and CI annotations read it: {@code datasources/x.datasource:21}.
 *
 * @param file the datafile's path relative to the project folder, with {@code /} separators
 * @param line 1-based line, or 0 for the file as a whole
 */
public record Location(String file, int line) {
    public Location {
        requireNonNull(file, "file is null");
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0");
        }
    }

    public static Location ofFile(String file) {
        return new Location(file, 0);
    }

    @Override
    public String toString() {
        return line == 0 ? file : file + ":" + line;
    }
}
