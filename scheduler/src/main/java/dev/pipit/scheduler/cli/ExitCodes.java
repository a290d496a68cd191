package dev.pipit.scheduler.cli;

/** What {@code bin/scheduler} exits with; scripts and cron rely on these, so they never change meaning. */
public final class ExitCodes {
    /** Everything asked for was done. */
    public static final int OK = 0;
    /** The command ran, and something it reports failed: a project error, a failed file or run. */
    public static final int FAILED = 1;
    /** The command line was wrong (picocli's own code for usage errors). */
    public static final int USAGE = 2;
    /** The database or the daemon could not be reached. */
    public static final int UNAVAILABLE = 3;

    private ExitCodes() {}
}
