package dev.pipit.scheduler.metrics;

import static dev.pipit.scheduler.db.SqlValues.instant;

import dev.pipit.scheduler.ledger.FileStatus;
import java.time.Instant;
import java.util.Map;

/**
 * What the shared database says of one data source when the meters are read: the ledger's files by status and
 * the history's sums. Counters are computed from these, so every daemon of a cluster reports the same values, and
 * they survive restarts as Prometheus expects of a counter.
 *
 * @param files ledger files by status
 * @param lastSuccess the end of the latest run that imported without failing (succeeded or partial), or {@code null}
 */
record HistoryTotals(Map<FileStatus, Long> files, long rows, long quarantined, long bytes, Instant lastSuccess) {
    static final HistoryTotals NONE = new HistoryTotals(Map.of(), 0, 0, 0, null);

    long files(FileStatus status) {
        return files.getOrDefault(status, 0L);
    }

    long discovered() {
        return files.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Run sums from one row of {@link MeterSnapshot}'s query. */
    static HistoryTotals runs(java.sql.ResultSet rs, Map<FileStatus, Long> files) throws java.sql.SQLException {
        return new HistoryTotals(files, rs.getLong("rows"), rs.getLong("quarantined"), rs.getLong("bytes"),
                instant(rs, "last_success"));
    }
}
