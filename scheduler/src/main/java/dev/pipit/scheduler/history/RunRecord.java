package dev.pipit.scheduler.history;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One import run as job history shows it.
 *
 * @param node the daemon that ran it
 * @param endedAt {@code null} while running
 * @param error why the run failed, or {@code null}
 */
public record RunRecord(
        long id,
        String datasource,
        RunTrigger trigger,
        String node,
        Instant startedAt,
        Instant endedAt,
        RunStatus status,
        int files,
        long rows,
        long bytes,
        long quarantined,
        String error) {
    public RunRecord {
        requireNonNull(datasource, "datasource is null");
        requireNonNull(trigger, "trigger is null");
        requireNonNull(node, "node is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(status, "status is null");
    }
}
