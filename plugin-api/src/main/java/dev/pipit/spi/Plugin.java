package dev.pipit.spi;

import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.format.FormatFactory;
import java.util.List;

/**
 * What a plugin jar offers. The core finds implementations through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.pipit.spi.Plugin}), one class loader per plugin folder, so a plugin's
 * dependencies never meet the core's or another plugin's.
 *
 * <p>A plugin overrides only what it offers; everything else defaults to empty. The core calls these methods
 * once, at start-up, from one thread, and fails on two factories with the same type or name.
 */
public interface Plugin {
    /** Connection types this plugin serves ({@code TYPE s3} in a {@code .connection} file). */
    default List<ConnectorFactory> connectors() {
        return List.of();
    }

    /** File formats this plugin reads ({@code IMPORT_FORMAT csv} or a key ending {@code .csv}). */
    default List<FormatFactory> formats() {
        return List.of();
    }
}
