package dev.pipit.scheduler.project;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The seeds' per-service names for a data source's connection ({@code S3_CONNECTION_NAME}, {@code
 * GCS_CONNECTION_NAME}, {@code AZURE_CONNECTION_NAME}): Tinybird's Connections guide writes them, and they mean
 * {@code IMPORT_CONNECTION_NAME} restricted to one service, so the connection's type must match the name's prefix.
 */
final class ConnectionNameAliases {
    private static final Map<String, Set<String>> TYPES_BY_ALIAS = Map.of(
            DataSourceKeys.S3_CONNECTION_NAME, Set.of("s3", "s3_iamrole"),
            DataSourceKeys.GCS_CONNECTION_NAME, Set.of("gcs"),
            DataSourceKeys.AZURE_CONNECTION_NAME, Set.of("azure"));

    private ConnectionNameAliases() {}

    static boolean isAlias(String key) {
        return TYPES_BY_ALIAS.containsKey(key);
    }

    /**
     * Moves an alias to {@code IMPORT_CONNECTION_NAME}, keeping its own key for messages; a second way of naming the
     * connection is an error at its line and is dropped.
     */
    static void fold(Map<String, Setting> settings, List<Diagnostic> problems) {
        for (String alias : List.copyOf(settings.keySet())) {
            if (!isAlias(alias)) {
                continue;
            }
            Setting setting = settings.remove(alias);
            Setting earlier = settings.get(DataSourceKeys.IMPORT_CONNECTION_NAME);
            if (earlier != null) {
                problems.add(Diagnostic.error(setting.location(), alias + " and " + earlier.key() + " (line "
                        + earlier.location().line() + ") both name the connection: keep one of them"));
            } else {
                settings.put(DataSourceKeys.IMPORT_CONNECTION_NAME, setting);
            }
        }
    }

    /** Whether the connection named through {@code reference} has a type its key allows, else an error. */
    static boolean typeMatches(Setting reference, ConnectionDef connection, List<Diagnostic> problems) {
        Set<String> types = TYPES_BY_ALIAS.get(reference.key());
        if (types == null || types.contains(connection.type().toLowerCase(Locale.ROOT))) {
            return true;
        }
        String fitting = TYPES_BY_ALIAS.entrySet().stream()
                .filter(entry -> entry.getValue().contains(connection.type().toLowerCase(Locale.ROOT)))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(DataSourceKeys.IMPORT_CONNECTION_NAME);
        problems.add(Diagnostic.error(reference.location(), reference.key() + " " + connection.name() + " is a "
                + connection.type() + " connection, but " + reference.key() + " names a connection of type "
                + String.join(" or ", types.stream().sorted().toList()) + ": write " + fitting + " "
                + connection.name() + " (or IMPORT_CONNECTION_NAME, which takes any object store)"));
        return false;
    }
}
