package dev.pipit.spi.stream;

import static java.util.Objects.requireNonNull;

/**
 * A top-level field a topic's values declare, such as a field of the topic's Avro schema.
 *
 * @param name the field's name, which becomes the column's name and its {@code json:$.name} path
 * @param type the ClickHouse type its values take ({@code Nullable(Decimal(12, 3))})
 */
public record StreamField(String name, String type) {
    public StreamField {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
    }
}
