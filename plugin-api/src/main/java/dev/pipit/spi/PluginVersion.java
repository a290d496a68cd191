package dev.pipit.spi;

/** Reads a plugin's version from its jar manifest, so the version lives in the build and nowhere else. */
public final class PluginVersion {
    /** What a plugin reports when it runs from class folders (tests, an IDE) rather than a built jar. */
    public static final String DEVELOPMENT = "development";

    private PluginVersion() {}

    /** The {@code Implementation-Version} of the jar holding {@code pluginClass}, or {@link #DEVELOPMENT}. */
    public static String of(Class<?> pluginClass) {
        String version = pluginClass.getPackage().getImplementationVersion();
        return version == null || version.isBlank() ? DEVELOPMENT : version;
    }
}
