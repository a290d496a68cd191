package dev.pipit.scheduler.metrics;

import dev.pipit.scheduler.console.ConsoleReads;
import dev.pipit.scheduler.ledger.FileStatus;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** Reads {@link HistoryTotals} of every data source in two grouped queries. */
final class MeterSnapshot {
    private static final String RUN_SUMS = """
            SELECT datasource, sum("rows") AS "rows", sum(quarantined) AS quarantined, sum(bytes) AS bytes,
                   max(CASE WHEN status IN ('succeeded', 'partial') THEN ended_at END) AS last_success
              FROM pipit.runs GROUP BY datasource""";

    private MeterSnapshot() {}

    static Map<String, HistoryTotals> read(Jdbi jdbi) {
        Map<String, Map<FileStatus, Long>> files = new ConsoleReads(jdbi).fileCounts();
        Map<String, HistoryTotals> totals = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery(RUN_SUMS)
                .map((rs, ctx) -> {
                    String name = rs.getString("datasource");
                    return Map.entry(name, HistoryTotals.runs(rs, files.getOrDefault(name, Map.of())));
                })
                .forEach(entry -> totals.put(entry.getKey(), entry.getValue())));
        files.forEach((name, counts) -> totals.putIfAbsent(name, new HistoryTotals(counts, 0, 0, 0, null)));
        return totals;
    }
}
