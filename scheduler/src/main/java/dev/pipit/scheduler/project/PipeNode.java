package dev.pipit.scheduler.project;

import static java.util.Objects.requireNonNull;

/**
 * One {@code NODE} of a pipe: a SELECT that may read data sources and the nodes above it.
 *
 * @param name the node's name, which later nodes select from
 * @param template its SQL with parameters as bound markers
 * @param location its {@code NODE} line
 */
public record PipeNode(String name, SqlTemplate template, Location location) {
    public PipeNode {
        requireNonNull(name, "name is null");
        requireNonNull(template, "template is null");
        requireNonNull(location, "location is null");
    }
}
