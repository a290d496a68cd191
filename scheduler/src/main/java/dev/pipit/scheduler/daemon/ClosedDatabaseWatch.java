package dev.pipit.scheduler.daemon;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.run.JvmErrors;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices when H2 has closed the daemon's embedded database for good ({@link Database#closedByEngine()}), as it
 * does when the disk is full. Without it the daemon lived on with a dead database: every run, Quartz's own threads,
 * the console and the metrics failed with "the database has been closed" every few seconds, and freeing the disk
 * changed nothing, since only a new process opens the file again. A daemon process is ended
 * ({@link #exitProcess}) so that a supervisor starts a fresh one, which waits for the database to open.
 */
public final class ClosedDatabaseWatch implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(ClosedDatabaseWatch.class);

    private final Database database;
    private final Runnable reaction;
    private final ScheduledExecutorService checks;

    private ClosedDatabaseWatch(Database database, Runnable reaction) {
        this.database = requireNonNull(database, "database is null");
        this.reaction = requireNonNull(reaction, "reaction is null");
        this.checks = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pipit-database-watch");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Checks the database every {@code interval}; the first time it finds it closed, logs why, runs
     * {@code reaction} and checks no more.
     */
    static ClosedDatabaseWatch start(Database database, Duration interval, Runnable reaction) {
        ClosedDatabaseWatch watch = new ClosedDatabaseWatch(database, reaction);
        watch.checks.scheduleWithFixedDelay(watch::checkOnce, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return watch;
    }

    private void checkOnce() {
        Optional<String> message = check();
        if (message.isPresent()) {
            checks.shutdown();
            LOG.error(message.get());
            reaction.run();
        }
    }

    /** What the watch logs when the database is closed for good; empty while it is not. */
    Optional<String> check() {
        return database.closedByEngine().map(cause -> "H2 closed the database " + database.displayUrl()
                + " after an error it does not recover from: " + cause + ". Nothing committed is lost: the files"
                + " in progress rolled back and stay pending. Pipit cannot go on without its database until it is"
                + " started again, once the cause is fixed (for a full disk: space freed)");
    }

    /**
     * The reaction of the daemon's own process: halts with {@link JvmErrors#UNUSABLE_EXIT_CODE}, as for a JVM
     * error, so that a supervisor (systemd's {@code Restart=on-failure}) starts a fresh daemon. Halts rather than
     * stops in order: stopping would wait on Quartz, whose every statement now fails.
     */
    public static void exitProcess() {
        try {
            LOG.error("Exiting with status {} so that a supervisor starts a fresh daemon",
                    JvmErrors.UNUSABLE_EXIT_CODE);
        } finally {
            Runtime.getRuntime().halt(JvmErrors.UNUSABLE_EXIT_CODE);
        }
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }
}
