package dev.pipit.scheduler.project;

import static java.util.Objects.requireNonNull;

/**
 * An error or warning about a project, at a location. Messages say what is wrong and what to write instead, and
 * never contain a secret's value.
 */
public record Diagnostic(Severity severity, Location location, String message) {
    public enum Severity {
        ERROR,
        WARNING,
        /** Information the user may want, such as "not fed by Pipit". */
        NOTE
    }

    public Diagnostic {
        requireNonNull(severity, "severity is null");
        requireNonNull(location, "location is null");
        requireNonNull(message, "message is null");
    }

    public static Diagnostic error(Location location, String message) {
        return new Diagnostic(Severity.ERROR, location, message);
    }

    public static Diagnostic warning(Location location, String message) {
        return new Diagnostic(Severity.WARNING, location, message);
    }

    public static Diagnostic note(Location location, String message) {
        return new Diagnostic(Severity.NOTE, location, message);
    }

    /** {@code datasources/x.datasource:21: error: IMPORT_STRATEGY REPLACE is not supported ...}. */
    @Override
    public String toString() {
        return location + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
    }
}
