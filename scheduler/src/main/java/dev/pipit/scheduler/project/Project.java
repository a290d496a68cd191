package dev.pipit.scheduler.project;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A loaded project folder: every connection and data source, and what loading it found. Immutable. A project
 * with errors is still returned, so that {@code check} can show every problem at once; nothing runs it.
 *
 * @param root the project folder, absolute
 * @param connections by name, sorted
 * @param dataSources by name, sorted; data sources skipped with a warning are not here
 * @param pipes sink and copy pipes by name, sorted; endpoint and materialized pipes are skipped
 * @param diagnostics errors, warnings and notes, in file order
 */
public record Project(
        Path root,
        Map<String, ConnectionDef> connections,
        Map<String, DataSourceDef> dataSources,
        Map<String, PipeDef> pipes,
        List<Diagnostic> diagnostics) {
    public Project {
        requireNonNull(root, "root is null");
        connections = java.util.Collections.unmodifiableMap(new TreeMap<>(requireNonNull(connections, "connections is null")));
        dataSources = java.util.Collections.unmodifiableMap(new TreeMap<>(requireNonNull(dataSources, "dataSources is null")));
        pipes = java.util.Collections.unmodifiableMap(new TreeMap<>(requireNonNull(pipes, "pipes is null")));
        diagnostics = List.copyOf(requireNonNull(diagnostics, "diagnostics is null"));
    }

    /** A project without pipes. */
    public Project(Path root, Map<String, ConnectionDef> connections, Map<String, DataSourceDef> dataSources,
            List<Diagnostic> diagnostics) {
        this(root, connections, dataSources, Map.of(), diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(diagnostic -> diagnostic.severity() == Diagnostic.Severity.ERROR);
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(diagnostic -> diagnostic.severity() == Diagnostic.Severity.ERROR).toList();
    }
}
