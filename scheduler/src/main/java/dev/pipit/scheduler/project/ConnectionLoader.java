package dev.pipit.scheduler.project;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.spi.config.SettingSpec;
import dev.pipit.spi.connector.ConnectorFactory;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Turns a parsed {@code .connection} file into a {@link ConnectionDef}, resolving secrets and checking settings. */
final class ConnectionLoader {
    private final PluginRegistry registry;
    private final SecretResolver secrets;

    ConnectionLoader(PluginRegistry registry, SecretResolver secrets) {
        this.registry = requireNonNull(registry, "registry is null");
        this.secrets = requireNonNull(secrets, "secrets is null");
    }

    /**
     * The connection, or empty when the file names no {@code TYPE}. A connection of a type no plugin serves is
     * returned without settings, after a warning: data sources that use it are skipped, not broken.
     */
    Optional<ConnectionDef> load(String name, Datafile datafile, List<Diagnostic> problems) {
        Optional<Datafile.Entry> typeEntry = datafile.entry("TYPE");
        if (typeEntry.isEmpty()) {
            problems.add(Diagnostic.error(Location.ofFile(datafile.file()), "no TYPE: start the file with the "
                    + "connection type, e.g. 'TYPE s3'; this installation serves " + knownTypes()));
            return Optional.empty();
        }
        Location typeLocation = typeEntry.get().location();
        String type = typeEntry.get().value().strip().toLowerCase(Locale.ROOT);
        Optional<ConnectorFactory> factory = registry.connector(type);
        if (factory.isEmpty()) {
            problems.add(Diagnostic.warning(typeLocation, "connection type '" + type + "' has no plugin in this "
                    + "installation (it serves " + knownTypes() + "); connection skipped, with the data sources that use it"));
            return Optional.of(new ConnectionDef(name, type, typeLocation, Map.of()));
        }
        Map<String, Setting> settings = new LinkedHashMap<>();
        Set<String> unresolved = new HashSet<>();
        for (Datafile.Entry entry : datafile.entries()) {
            if (entry.key().equals("TYPE")) {
                continue;
            }
            if (entry.isBlock()) {
                problems.add(Diagnostic.error(entry.location(), entry.key()
                        + " is written as a block; connection settings are one line: '" + entry.key() + " value'"));
                continue;
            }
            SecretResolver.Resolved resolved = secrets.resolve(entry.value(), entry.location());
            problems.addAll(resolved.problems());
            if (!resolved.isResolved()) {
                unresolved.add(entry.key());
                continue;
            }
            boolean declaredSecret = factory.get().settings().find(entry.key()).map(SettingSpec::secret).orElse(false);
            settings.put(entry.key(), new Setting(entry.key(), resolved.value(), entry.location(),
                    resolved.sensitive() || declaredSecret));
        }
        ConnectionDef connection = new ConnectionDef(name, type, typeLocation, settings);
        problems.addAll(ConnectionSettings.validate(connection, factory.get(), unresolved));
        return Optional.of(connection);
    }

    private String knownTypes() {
        List<ConnectorFactory> connectors = registry.connectors();
        return connectors.isEmpty()
                ? "no connection types (is the plugins/ folder empty?)"
                : connectors.stream().map(ConnectorFactory::type).collect(Collectors.joining(", "));
    }
}
