package dev.pipit.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.distribution.testutil.InProcessRuns;
import dev.pipit.distribution.testutil.InboxEvents;
import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.history.RunStatus;
import dev.pipit.scheduler.history.RunTrigger;
import dev.pipit.scheduler.ledger.FileStatus;
import dev.pipit.scheduler.run.ImportRunner;
import dev.pipit.scheduler.run.RunLimits;
import dev.pipit.scheduler.run.RunListener;
import dev.pipit.testkit.db.Backend;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL refusing a file's rows for a reason of its own, not the file's. Each refusal is PostgreSQL's own error,
 * raised with its SQLState by a trigger on the table, since a test cannot fill the embedded server's disk or time a
 * deadlock.
 *
 * <ul>
 *   <li>Out of disk space ({@code 53100}): before, each file spent its attempts and ended failed while nobody freed
 *       the disk; now the run stops with the cause, the files stay pending with no attempt held against them, and the
 *       next run after the disk is freed imports them.
 *   <li>A serialization failure ({@code 40001}), as a deadlock or a lock timeout: before, the file was failed at
 *       once; now it is tried again after the backoff.
 * </ul>
 */
class DatabaseRefusalsTest {
    private static final RunLimits LIMITS = RunLimits.from(PipitConfig.of(Map.of()));

    @TempDir
    Path dir;

    private InboxEvents events;
    /** One for all runs, as a daemon's. */
    private ImportRunner runner;

    @BeforeEach
    void importAFirstFile() throws IOException {
        events = InboxEvents.open(Backend.POSTGRESQL, dir);
        runner = InProcessRuns.runner(events.database(), dir, LIMITS);
        events.land("a.csv", 0, "id\n1\n");
        assertThat(run().status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @AfterEach
    void closeDatabase() {
        runner.close();
        events.close();
    }

    @Test
    void aFullDiskStopsTheRunAndItsFilesStayPendingUntilItIsFreed() throws IOException {
        fillTheDisk();
        events.land("b.csv", 1, "id\n2\n");
        events.land("c.csv", 2, "id\n3\n");

        RunRecord stopped = run();

        assertThat(stopped.status()).isEqualTo(RunStatus.FAILED);
        assertThat(stopped.error()).startsWith("the database ran out of a resource while importing ")
                .contains("could not extend file \"base/1/2\": No space left on device");
        assertThat(events.file("b.csv").status()).isEqualTo(FileStatus.PENDING);
        assertThat(events.file("c.csv").status()).isEqualTo(FileStatus.PENDING);
        assertThat(events.counters("b.csv")).as("attempts, unfinished: ended at once, not left as a crash's")
                .containsExactly(1, 0);

        freeTheDisk();
        assertThat(run().status()).isEqualTo(RunStatus.SUCCEEDED);

        assertThat(events.ids()).containsExactly(1L, 2L, 3L);
        assertThat(events.ledger()).allSatisfy(file -> assertThat(file.status()).isEqualTo(FileStatus.IMPORTED));
        assertThat(events.counters("b.csv")).as("attempts, unfinished: the stopped one ended, none failed")
                .containsExactly(2, 0);
        assertThat(events.file("b.csv").error()).isNull();
    }

    @Test
    void aFileTheDatabaseRefusedForAMomentIsTriedAgainAndImported() throws IOException {
        events.database().jdbi().useHandle(handle -> handle.execute("""
                CREATE SEQUENCE refusals;
                CREATE FUNCTION refuse_once() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF nextval('refusals') = 1 THEN
                        RAISE EXCEPTION 'could not serialize access due to concurrent update'
                            USING ERRCODE = 'serialization_failure';
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER refused_once BEFORE INSERT ON events
                    FOR EACH STATEMENT EXECUTE FUNCTION refuse_once();
                """));
        events.land("b.csv", 1, "id\n2\n");

        RunRecord run = run();

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(events.ids()).containsExactly(1L, 2L);
        assertThat(events.counters("b.csv")).as("attempts, unfinished").containsExactly(2, 0);
    }

    private RunRecord run() {
        return runner.run("events", RunTrigger.MANUAL, RunListener.NONE, () -> false);
    }

    private void fillTheDisk() {
        events.database().jdbi().useHandle(handle -> handle.execute("""
                CREATE FUNCTION refuse_for_lack_of_space() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'could not extend file "base/1/2": No space left on device'
                        USING ERRCODE = 'disk_full', HINT = 'Check free disk space.';
                END $$;
                CREATE TRIGGER full_disk BEFORE INSERT ON events
                    FOR EACH STATEMENT EXECUTE FUNCTION refuse_for_lack_of_space();
                """));
    }

    private void freeTheDisk() {
        events.database().jdbi().useHandle(handle -> handle.execute("DROP TRIGGER full_disk ON events"));
    }
}
