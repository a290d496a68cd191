package dev.pipit.scheduler.plugin;

import static java.util.Objects.requireNonNull;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

/**
 * The class loader of one {@code plugins/NAME/} folder. Child-first: a plugin's own jars win over everything but
 * the JDK, so a plugin may bring any version of any library without meeting the core's or another plugin's.
 *
 * <p>Two package families come from the core instead, because both sides must see the same classes:
 * <ul>
 *   <li>{@code dev.pipit.spi.*}: the core calls the plugin through these interfaces; a second copy would make
 *       {@code ServiceLoader} reject the plugin ("not a subtype").</li>
 *   <li>{@code org.slf4j.*}: a plugin logs through the core's SLF4J and so through {@code conf/logback.xml}. A
 *       plugin-local SLF4J would find no logging backend in its folder and drop every line silently.</li>
 * </ul>
 */
final class PluginClassLoader extends URLClassLoader {
    private static final List<String> SHARED_PACKAGES = List.of("dev.pipit.spi.", "org.slf4j.");

    static {
        // Plugins of one installation may load classes on several threads at once.
        ClassLoader.registerAsParallelCapable();
    }

    private final ClassLoader coreLoader;

    /**
     * @param name the plugin folder's name, shown in class-loading errors
     * @param jars every jar of the folder
     * @param coreLoader the loader that holds the SPI and SLF4J, normally the application class loader
     */
    PluginClassLoader(String name, List<URL> jars, ClassLoader coreLoader) {
        // The platform loader as parent exposes the JDK and nothing of the application's class path.
        super("plugin-" + name, jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        this.coreLoader = requireNonNull(coreLoader, "coreLoader is null");
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                loaded = loadUnloaded(name);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    private Class<?> loadUnloaded(String name) throws ClassNotFoundException {
        if (name.startsWith("java.")) {
            // Only the bootstrap loader may define java.*; asking the plugin's jars first would be wasted work.
            return getParent().loadClass(name);
        }
        if (isShared(name)) {
            return coreLoader.loadClass(name);
        }
        try {
            return findClass(name);
        } catch (ClassNotFoundException notInPlugin) {
            return getParent().loadClass(name);
        }
    }

    @Override
    public URL getResource(String name) {
        if (isShared(name.replace('/', '.'))) {
            return coreLoader.getResource(name);
        }
        URL own = findResource(name);
        return own != null ? own : getParent().getResource(name);
    }

    private static boolean isShared(String name) {
        return SHARED_PACKAGES.stream().anyMatch(name::startsWith);
    }
}
