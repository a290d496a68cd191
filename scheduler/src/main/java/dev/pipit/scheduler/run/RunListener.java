package dev.pipit.scheduler.run;

/**
 * Follows one run as it goes, for progress bars and JMX. Called on the run's thread; implementations must be
 * quick and must not throw.
 */
public interface RunListener {
    RunListener NONE = new RunListener() {};

    /** The run has an id in the history table. */
    default void started(long runId) {}

    /** Discovery is done; {@code filesToImport} files are claimed for this run. */
    default void planned(int filesToImport) {}

    /** One file is committed (imported, or marked failed with {@code failed} set). */
    default void fileDone(String key, long rows, boolean failed) {}

    /**
     * Rows read so far in the transaction in progress (the file's, and those of the files before it that share the
     * transaction and are not yet done), reported every few thousand rows.
     */
    default void rowsRead(long rowsInFile) {}
}
