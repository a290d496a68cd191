package dev.pipit.scheduler.metrics;

import static dev.pipit.scheduler.db.SqlValues.instant;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Jdbi;

/**
 * Feeds the run duration histogram from the history: each finished run is recorded once, whichever daemon ran it.
 * Runs end out of id order (data sources run side by side), so a watermark stays below the oldest run still
 * running, and the runs above it already recorded are remembered.
 */
final class RunDurations {
    private static final String SINCE = """
            SELECT id, datasource, status, started_at, ended_at FROM pipit.runs WHERE id > :watermark ORDER BY id""";

    private final Jdbi jdbi;
    private long watermark;
    private final Set<Long> recordedAboveWatermark = new HashSet<>();

    RunDurations(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Hands every run finished since the last call to {@code record(run, duration)}. */
    synchronized void collect(BiConsumer<FinishedRun, Duration> record) {
        List<Row> rows = jdbi.withHandle(handle -> handle.createQuery(SINCE)
                .bind("watermark", watermark)
                .map((rs, ctx) -> new Row(rs.getLong("id"), rs.getString("datasource"), rs.getString("status"),
                        instant(rs, "started_at"), instant(rs, "ended_at")))
                .list());
        long oldestRunning = Long.MAX_VALUE;
        long newest = watermark;
        for (Row row : rows) {
            newest = Math.max(newest, row.id());
            if (row.endedAt() == null) {
                oldestRunning = Math.min(oldestRunning, row.id());
            } else if (recordedAboveWatermark.add(row.id())) {
                record.accept(new FinishedRun(row.dataSource(), row.status()),
                        Duration.between(row.startedAt(), row.endedAt()));
            }
        }
        watermark = oldestRunning == Long.MAX_VALUE ? newest : oldestRunning - 1;
        recordedAboveWatermark.removeIf(id -> id <= watermark);
    }

    record FinishedRun(String dataSource, String status) {}

    private record Row(long id, String dataSource, String status, Instant startedAt, Instant endedAt) {}
}
