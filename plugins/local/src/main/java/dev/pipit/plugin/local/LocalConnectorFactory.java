package dev.pipit.plugin.local;

import dev.pipit.spi.PluginVersion;
import dev.pipit.spi.config.SettingsSpec;
import dev.pipit.spi.connector.BucketAddress;
import dev.pipit.spi.connector.ConnectorContext;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.connector.ConnectorKind;
import dev.pipit.spi.connector.ObjectStore;
import dev.pipit.spi.connector.StoreOperation;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code TYPE local}. It takes no settings: {@code IMPORT_BUCKET_URI} names the files with a {@code file:} URI, and
 * the daemon's own file permissions are the only credentials.
 *
 * <p>The bucket is the file system's root, {@code /}, and a key is a file's absolute path without its first
 * {@code /}: {@code file:///srv/inbox/*.csv} lists keys under {@code srv/inbox/}. So a file's bucket and key do not
 * depend on how the URI was written (absolute, or relative to the project), and its ledger URI reads as its path.
 */
final class LocalConnectorFactory implements ConnectorFactory {
    private static final String SCHEME = "file";
    private static final String EXAMPLES = "write file:///absolute/folder/*.csv or file://./folder-in-project/*.csv";
    private static final SettingsSpec NO_SETTINGS = SettingsSpec.of();

    @Override
    public String type() {
        return "local";
    }

    @Override
    public String version() {
        return PluginVersion.of(LocalConnectorFactory.class);
    }

    @Override
    public ConnectorKind kind() {
        return ConnectorKind.OBJECT_STORE;
    }

    /** Files are deleted, and copied under a temporary name and renamed into place. */
    @Override
    public Set<StoreOperation> storeOperations() {
        return EnumSet.allOf(StoreOperation.class);
    }

    @Override
    public SettingsSpec settings() {
        return NO_SETTINGS;
    }

    @Override
    public List<String> uriSchemes() {
        return List.of(SCHEME);
    }

    /**
     * Reads {@code file:///absolute/folder/*.csv}, or {@code file://./folder/*.csv} and {@code file://folder/*.csv}
     * relative to the project folder.
     */
    @Override
    public BucketAddress bucketAddress(String uri, Path projectFolder) {
        String path = uri.substring(uri.indexOf("://") + "://".length());
        if (path.isEmpty() || path.endsWith("/")) {
            throw new IllegalArgumentException("file://" + path + " names no files: " + EXAMPLES);
        }
        int firstGlob = BucketAddress.literalPrefix(path).length();
        // The folder ends at the last '/' before the first glob character, and never takes the last segment.
        int folderEnd = path.lastIndexOf('/', Math.min(firstGlob, path.lastIndexOf('/')));
        String folder = folderEnd < 0 ? "" : path.substring(0, folderEnd);
        Path absolute = path.startsWith("/")
                ? Path.of(folderEnd <= 0 ? "/" : folder)
                : projectFolder.resolve(folder).toAbsolutePath();
        String root = absolute.normalize().toString();
        String keyFolder = root.equals("/") ? "" : escapeGlob(root.substring(1)) + "/";
        return new BucketAddress(SCHEME, "/", keyFolder + path.substring(folderEnd + 1));
    }

    /** A folder's name is written literally, so a {@code [} in it must not start a glob class. */
    private static String escapeGlob(String literal) {
        StringBuilder escaped = new StringBuilder(literal.length());
        for (char c : literal.toCharArray()) {
            if (BucketAddress.GLOB_CHARACTERS.indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    @Override
    public ObjectStore openObjectStore(ConnectorContext context) {
        return new LocalObjectStore(context.connectionName());
    }
}
