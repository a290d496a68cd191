package dev.pipit.scheduler.project;

import dev.pipit.spi.connector.BucketAddress;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.connector.StoreOperation;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads {@code IMPORT_AFTER_IMPORT keep | delete | move:PREFIX} against the data source's bucket and connection,
 * refusing what could not work: a connection type whose store cannot delete or copy, and a move whose target the
 * data source's own {@code IMPORT_BUCKET_URI} would list again (the object would be imported a second time).
 */
final class AfterImportReader {
    private static final String MOVE = "move:";

    private AfterImportReader() {}

    /** Whether {@code text} has the setting's shape; the rest is checked against the bucket by {@link #read}. */
    static boolean wellFormed(String text) {
        String lower = text.strip().toLowerCase(Locale.ROOT);
        return lower.equals("keep") || lower.equals("delete")
                || (lower.startsWith(MOVE) && !text.strip().substring(MOVE.length()).isBlank());
    }

    /**
     * The action, or {@code null} after reporting why it cannot be done.
     *
     * @param setting the setting as written, already {@link #wellFormed}; {@code null} when it is not set
     * @param uri {@code IMPORT_BUCKET_URI}, for messages
     * @param root the project folder, against which a relative folder of a file-system store is resolved
     * @param installed the installed connectors, to name those that could do the action
     */
    static AfterImport read(Setting setting, String connectionName, ConnectorFactory connector, BucketAddress address,
            String uri, Path root, List<ConnectorFactory> installed, List<Diagnostic> problems) {
        if (setting == null) {
            return AfterImport.KEEP;
        }
        String text = setting.value().strip();
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("keep")) {
            return AfterImport.KEEP;
        }
        boolean move = lower.startsWith(MOVE);
        Set<StoreOperation> needed = move ? EnumSet.of(StoreOperation.COPY, StoreOperation.DELETE)
                : EnumSet.of(StoreOperation.DELETE);
        if (!connector.storeOperations().containsAll(needed)) {
            List<String> capable = installed.stream()
                    .filter(other -> other.storeOperations().containsAll(needed))
                    .map(ConnectorFactory::type)
                    .toList();
            problems.add(Diagnostic.error(setting.location(), "IMPORT_AFTER_IMPORT " + (move ? "move" : "delete")
                    + " needs a store that can " + (move ? "copy and delete" : "delete") + " objects, and connection "
                    + connectionName + " of type " + connector.type() + " cannot: write IMPORT_AFTER_IMPORT keep"
                    + (capable.isEmpty() ? "" : ", or read the bucket through a connection type that can ("
                            + String.join(", ", capable) + ")")
                    + SettingReader.found(setting)));
            return null;
        }
        String sourceFolder = folderOf(address.literalPrefix());
        if (!move) {
            return new AfterImport(AfterImport.Action.DELETE, sourceFolder, "");
        }
        String target = targetFolder(text.substring(MOVE.length()).strip(), address, root, setting, problems);
        if (target == null) {
            return null;
        }
        if (listedAgain(address.keyPattern(), target)) {
            // A value a secret made sensitive is not repeated, nor the folder read from it.
            String moves = setting.sensitive() ? "moves objects" : text + " moves objects to " + target;
            problems.add(Diagnostic.error(setting.location(), "IMPORT_AFTER_IMPORT " + moves + ", where "
                    + "IMPORT_BUCKET_URI " + uri + " would find them again and import them a second time: "
                    + insteadOfOverlap(address, sourceFolder)));
            return null;
        }
        return new AfterImport(AfterImport.Action.MOVE, sourceFolder, target);
    }

    /**
     * The target as a key prefix ending in {@code /}, or {@code null} after reporting why it is no folder. For a
     * store whose keys are paths from the file system's root (bucket {@code /}), it is a folder, absolute or
     * relative to the project as the URI may be.
     */
    private static String targetFolder(String written, BucketAddress address, Path root, Setting setting,
            List<Diagnostic> problems) {
        String example = address.bucket().equals("/") ? "move:/srv/imported/ or move:./imported/" : "move:imported/";
        if (!BucketAddress.literalPrefix(written).equals(written)) {
            problems.add(Diagnostic.error(setting.location(), "IMPORT_AFTER_IMPORT move takes a folder, not a "
                    + "pattern: write " + example + SettingReader.found(setting)));
            return null;
        }
        String folder;
        if (address.bucket().equals("/")) {
            Path path = Path.of(written).isAbsolute() ? Path.of(written) : root.resolve(written);
            folder = path.toAbsolutePath().normalize().toString().substring(1);
        } else {
            boolean upwards = List.of(written.split("/")).stream().anyMatch(part -> part.equals("..")
                    || part.equals("."));
            if (written.startsWith("/") || upwards) {
                problems.add(Diagnostic.error(setting.location(), "IMPORT_AFTER_IMPORT move takes a folder of the "
                        + "bucket, as keys are written (no leading /, no . or ..): write " + example
                        + SettingReader.found(setting)));
                return null;
            }
            folder = written;
        }
        return folder.isEmpty() || folder.endsWith("/") ? folder : folder + "/";
    }

    /**
     * Whether some key under {@code target} could match {@code pattern}. Keys that start differently never do. When
     * they could, a pattern without {@code **} or alternatives matches keys of one depth only: a moved key is as deep
     * as the source's key with the source's folder replaced by {@code target}, so it is listed again only when
     * {@code target} is as deep as that folder. With {@code **} or {{@code a,b}} any depth may match.
     */
    static boolean listedAgain(String pattern, String target) {
        String literal = BucketAddress.literalPrefix(pattern);
        if (!target.startsWith(literal) && !literal.startsWith(target)) {
            return false;
        }
        if (pattern.contains("**") || pattern.contains("{")) {
            return true;
        }
        return depth(target) == depth(folderOf(literal));
    }

    private static String insteadOfOverlap(BucketAddress address, String sourceFolder) {
        if (sourceFolder.isEmpty()) {
            return "the pattern reaches into every folder of the bucket, so no folder in it is safe; narrow "
                    + "IMPORT_BUCKET_URI to a folder (e.g. " + address.scheme() + "://" + address.bucket()
                    + "/incoming/**/*.csv) or write IMPORT_AFTER_IMPORT delete";
        }
        return "write a folder outside " + sourceFolder + ", such as move:imported/" + sourceFolder
                + (address.keyPattern().contains("**") ? ", or narrow IMPORT_BUCKET_URI's **" : "");
    }

    /** The part of a key prefix up to and including its last {@code /}. */
    private static String folderOf(String prefix) {
        return prefix.substring(0, prefix.lastIndexOf('/') + 1);
    }

    private static long depth(String folder) {
        return folder.chars().filter(c -> c == '/').count();
    }
}
