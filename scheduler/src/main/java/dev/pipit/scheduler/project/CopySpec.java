package dev.pipit.scheduler.project;

import static java.util.Objects.requireNonNull;

/**
 * Where a copy pipe writes: {@code TARGET_DATASOURCE} and {@code COPY_MODE}.
 *
 * @param target the data source whose table receives the rows
 * @param mode append (Tinybird's default) or replace
 */
public record CopySpec(String target, Mode mode) {
    public CopySpec {
        requireNonNull(target, "target is null");
        requireNonNull(mode, "mode is null");
    }

    public enum Mode {
        APPEND,
        /** The target's rows are deleted and the result inserted, in one transaction. */
        REPLACE
    }
}
