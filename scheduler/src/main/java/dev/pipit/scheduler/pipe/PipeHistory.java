package dev.pipit.scheduler.pipe;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.db.SqlValues;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * What the run history holds beyond an import's counters: the objects a sink wrote, and each pipe's latest run
 * for {@code pipe ls}. Pipe runs are rows of {@code pipit.runs} with trigger {@code sink} or {@code copy}.
 */
public final class PipeHistory {
    private static final int OUTPUTS_LENGTH = 4000;

    private final Jdbi jdbi;

    public PipeHistory(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /** Records a sink's counters and objects, committed on its own: the objects exist whatever happens next. */
    public void recordOutputs(long runId, long rows, long bytes, List<String> files) {
        jdbi.useTransaction(handle -> update(handle, runId, files.size(), rows, bytes, String.join("\n", files)));
    }

    /** Records a copy's rows in the transaction that inserts them, so the count never includes rolled-back rows. */
    public void recordRows(Handle handle, long runId, long rows) {
        update(handle, runId, 0, rows, 0, null);
    }

    private static void update(Handle handle, long runId, int files, long rows, long bytes, String outputs) {
        handle.createUpdate("UPDATE pipit.runs SET files = :files, \"rows\" = :rows, bytes = :bytes, "
                        + "outputs = :outputs WHERE id = :id")
                .bind("id", runId)
                .bind("files", files)
                .bind("rows", rows)
                .bind("bytes", bytes)
                .bind("outputs", SqlValues.fit(outputs, OUTPUTS_LENGTH))
                .execute();
    }

    /** The latest run of a pipe, for {@code pipe ls}. */
    public Optional<LastRun> last(String pipe) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT id, status, started_at, \"rows\", files, error "
                        + "FROM pipit.runs WHERE datasource = :pipe AND trigger IN ('sink', 'copy') "
                        + "ORDER BY id DESC LIMIT 1")
                .bind("pipe", pipe)
                .map((rs, context) -> new LastRun(rs.getLong("id"), rs.getString("status"),
                        SqlValues.instant(rs, "started_at"), rs.getLong("rows"), rs.getInt("files"),
                        rs.getString("error")))
                .findOne());
    }

    /** The objects a sink run wrote. */
    public List<String> outputs(long runId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT outputs FROM pipit.runs WHERE id = :id")
                .bind("id", runId)
                .mapTo(String.class)
                .findOne()
                .filter(text -> !text.isEmpty())
                .map(text -> List.of(text.split("\n")))
                .orElse(List.of()));
    }

    public record LastRun(long id, String status, Instant startedAt, long rows, int files, String error) {}
}
