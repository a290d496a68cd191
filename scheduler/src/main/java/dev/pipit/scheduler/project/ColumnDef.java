package dev.pipit.scheduler.project;

import static java.util.Objects.requireNonNull;

/**
 * One column of a {@code SCHEMA >} block.
 *
 * @param name the column name, backquotes removed
 * @param type the ClickHouse type as written ({@code Nullable(DateTime64(3, 'UTC'))}); parsed by the catalog
 * @param jsonPath the {@code json:} mapping without its prefix ({@code $.visitor.id}), or {@code null} for none:
 *     the column then maps by name (or by position in a CSV without header)
 * @param defaultExpression the {@code DEFAULT} expression as written, or {@code null}
 * @param codec the {@code CODEC(...)} clause as written, or {@code null}; ClickHouse storage detail Pipit ignores
 * @param location the column's line
 */
public record ColumnDef(
        String name, String type, String jsonPath, String defaultExpression, String codec, Location location) {
    public ColumnDef {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(location, "location is null");
    }
}
