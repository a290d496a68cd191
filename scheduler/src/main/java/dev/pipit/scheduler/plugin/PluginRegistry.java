package dev.pipit.scheduler.plugin;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.Plugin;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.format.FormatFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every connector and format the installation offers, by type, name and file extension. Immutable: built once at
 * start-up and shared by every thread.
 *
 * <p>Production code calls {@link #forInstallation()}; tests register plugins explicitly with {@link #of}, as Jdbi
 * recommends, so that what a test runs never depends on what happens to be on its class path.
 */
public final class PluginRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(PluginRegistry.class);

    private final Map<String, ConnectorFactory> connectors;
    private final Map<String, FormatFactory> formats;
    private final Map<String, FormatFactory> formatsByExtension;

    private PluginRegistry(List<Plugin> plugins) {
        Map<String, Registered<ConnectorFactory>> connectorsByType = new TreeMap<>();
        Map<String, Registered<FormatFactory>> formatsByName = new TreeMap<>();
        Map<String, Registered<FormatFactory>> byExtension = new TreeMap<>();
        for (Plugin plugin : plugins) {
            for (ConnectorFactory connector : plugin.connectors()) {
                register(connectorsByType, "connection type", connector.type(), connector, plugin);
                LOG.debug("connector {}@{} from {}", connector.type(), connector.version(), origin(plugin));
            }
            for (FormatFactory format : plugin.formats()) {
                register(formatsByName, "format", format.name(), format, plugin);
                for (String extension : format.extensions()) {
                    register(byExtension, "file extension", extension, format, plugin);
                }
                LOG.debug("format {}@{} from {}", format.name(), format.version(), origin(plugin));
            }
        }
        this.connectors = unwrap(connectorsByType);
        this.formats = unwrap(formatsByName);
        this.formatsByExtension = unwrap(byExtension);
    }

    /** A registry of exactly these plugins, for tests and embedding. */
    public static PluginRegistry of(Plugin... plugins) {
        return new PluginRegistry(List.of(plugins));
    }

    /**
     * The plugins of this installation. With {@code -Dpipit.home} set (as {@code bin/scheduler} does) and a
     * {@code plugins/} folder there, each {@code plugins/NAME/} folder gets a class loader of its own. Otherwise the
     * plugins on the thread's class path are used, which is how tests and IDE runs see them.
     *
     * @throws IllegalStateException if two plugins offer the same type, name or extension, or a plugin cannot load
     */
    public static PluginRegistry forInstallation() {
        String home = System.getProperty("pipit.home");
        Path pluginsDir = home == null ? null : Path.of(home, "plugins");
        if (pluginsDir != null && Files.isDirectory(pluginsDir)) {
            return new PluginRegistry(loadFolders(pluginsDir));
        }
        return new PluginRegistry(load(Thread.currentThread().getContextClassLoader(), "the class path"));
    }

    public Optional<ConnectorFactory> connector(String type) {
        return Optional.ofNullable(connectors.get(type.toLowerCase(Locale.ROOT)));
    }

    public Optional<FormatFactory> format(String name) {
        return Optional.ofNullable(formats.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The format claiming {@code extension} (without the dot, any case). */
    public Optional<FormatFactory> formatForExtension(String extension) {
        return Optional.ofNullable(formatsByExtension.get(extension.toLowerCase(Locale.ROOT)));
    }

    /** Every connector, sorted by type. */
    public List<ConnectorFactory> connectors() {
        return List.copyOf(connectors.values());
    }

    /** Every format, sorted by name. */
    public List<FormatFactory> formats() {
        return List.copyOf(formats.values());
    }

    /** The installed format names, sorted, for messages that say what could be written instead. */
    public List<String> formatNames() {
        return List.copyOf(formats.keySet());
    }

    /** The key endings some format claims, sorted, for messages that say what could be written instead. */
    public List<String> formatExtensions() {
        return formatsByExtension.keySet().stream().sorted().toList();
    }

    @Override
    public String toString() {
        return "PluginRegistry[connectors=" + connectors.keySet() + ", formats=" + formats.keySet() + "]";
    }

    private static List<Plugin> loadFolders(Path pluginsDir) {
        List<Plugin> plugins = new ArrayList<>();
        try (Stream<Path> folders = Files.list(pluginsDir)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                String name = folder.getFileName().toString();
                // Never closed: the plugin's classes stay in use until the JVM exits.
                PluginClassLoader loader = new PluginClassLoader(name, jarsIn(folder), PluginRegistry.class.getClassLoader());
                plugins.addAll(load(loader, folder.toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list plugin folder " + pluginsDir + ": " + e.getMessage(), e);
        }
        return plugins;
    }

    private static List<URL> jarsIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            List<URL> jars = new ArrayList<>();
            for (Path jar : files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                jars.add(toUrl(jar));
            }
            return jars;
        }
    }

    private static URL toUrl(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException("cannot address plugin jar " + jar, e);
        }
    }

    private static List<Plugin> load(ClassLoader loader, String where) {
        try {
            return ServiceLoader.load(Plugin.class, loader).stream().map(ServiceLoader.Provider::get).toList();
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("cannot load the plugins of " + where + ": " + e.getMessage(), e);
        }
    }

    private static <T> void register(Map<String, Registered<T>> registry, String what, String key, T factory, Plugin plugin) {
        String normalized = key.toLowerCase(Locale.ROOT);
        Registered<T> earlier = registry.putIfAbsent(normalized, new Registered<>(factory, plugin));
        if (earlier != null) {
            throw new IllegalStateException(what + " '" + normalized + "' is offered twice, by " + origin(earlier.plugin())
                    + " and by " + origin(plugin) + "; remove one of the two plugins");
        }
    }

    private static String origin(Plugin plugin) {
        ClassLoader loader = plugin.getClass().getClassLoader();
        String loaderName = loader == null ? null : loader.getName();
        return plugin.getClass().getName() + (loaderName == null ? "" : " (" + loaderName + ")");
    }

    private static <T> Map<String, T> unwrap(Map<String, Registered<T>> registry) {
        Map<String, T> unwrapped = new TreeMap<>();
        registry.forEach((key, registered) -> unwrapped.put(key, registered.factory()));
        return Collections.unmodifiableMap(unwrapped);
    }

    /** A factory with the plugin that offered it, so a duplicate can name both plugins. */
    private record Registered<T>(T factory, Plugin plugin) {
        Registered {
            requireNonNull(factory, "factory is null");
            requireNonNull(plugin, "plugin is null");
        }
    }
}
