package dev.pipit.scheduler.project;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * {@code IMPORT_AFTER_IMPORT} (Pipit extension): what becomes of an object once its rows are committed.
 *
 * @param action keep it (the default), delete it, or move it under {@code targetFolder}
 * @param sourceFolder the fixed folder of {@code IMPORT_BUCKET_URI}'s key pattern (up to its last {@code /} before
 *     any glob character, {@code ""} for the bucket's top): the part of a key a move replaces
 * @param targetFolder for {@link Action#MOVE}, the key prefix, ending in {@code /}, that replaces
 *     {@code sourceFolder}; {@code ""} otherwise
 */
public record AfterImport(Action action, String sourceFolder, String targetFolder) {
    /** Nothing happens to imported objects, as in Tinybird. */
    public static final AfterImport KEEP = new AfterImport(Action.KEEP, "", "");

    /** What happens to an imported object. */
    public enum Action {
        KEEP,
        DELETE,
        MOVE;

        /** As the ledger and {@code files --json} write it. */
        public String sqlValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public AfterImport {
        requireNonNull(action, "action is null");
        requireNonNull(sourceFolder, "sourceFolder is null");
        requireNonNull(targetFolder, "targetFolder is null");
        if (action == Action.MOVE && !targetFolder.endsWith("/")) {
            throw new IllegalArgumentException("a move's target folder must end in /");
        }
    }

    /**
     * Where a move puts the object at {@code key}: {@code in/2024/a.csv} read through {@code s3://b/in/*}{@code
     * /*.csv} and moved to {@code done/} lands at {@code done/2024/a.csv}. A key outside {@code sourceFolder}
     * (imported under an earlier {@code IMPORT_BUCKET_URI}) keeps its whole key under the target.
     *
     * @throws IllegalStateException if the action is not a move
     */
    public String targetKey(String key) {
        if (action != Action.MOVE) {
            throw new IllegalStateException("only a move has a target");
        }
        return targetFolder + (key.startsWith(sourceFolder) ? key.substring(sourceFolder.length()) : key);
    }

    /** As written in a datafile: {@code keep}, {@code delete}, {@code move:done/}. */
    @Override
    public String toString() {
        return action == Action.MOVE ? "move:" + targetFolder : action.sqlValue();
    }
}
