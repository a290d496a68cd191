package dev.pipit.scheduler.notify;

import static dev.pipit.scheduler.db.SqlValues.instant;
import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.console.ConsoleReads;
import dev.pipit.scheduler.console.ConsoleReads.ConnectionHealth;
import dev.pipit.scheduler.db.SqlValues;
import dev.pipit.scheduler.ledger.AfterImportLedger;
import dev.pipit.scheduler.ledger.AfterImportLedger.Failing;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.project.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds what to alert on by reading the history, on a thread of its own, so that imports never wait for an alert
 * and nothing in the import path changes: files and runs this node marked failed since it started, its Kafka
 * consumers that stopped on an error, after-import actions that fail for files its runs imported, and data sources without a successful run for too long. Each daemon of a
 * cluster alerts for the runs it ran.
 */
public final class FailureWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FailureWatcher.class);
    /** Failures are committed a little after their time is taken: each read looks back this far again. */
    private static final Duration OVERLAP = Duration.ofMinutes(1);

    private static final String FAILED_FILES = """
            SELECT f.id, f.datasource, f."key", f.run_id, f.error, f.updated_at
              FROM pipit.files f JOIN pipit.runs r ON r.id = f.run_id
             WHERE f.status = 'failed' AND r.node = :node AND f.updated_at >= :since ORDER BY f.updated_at""";

    private static final String FAILED_RUNS = """
            SELECT id, datasource, error, ended_at FROM pipit.runs
             WHERE status = 'failed' AND node = :node AND ended_at >= :since ORDER BY ended_at""";

    private final Jdbi jdbi;
    private final String node;
    private final Supplier<Project> project;
    private final Function<String, String> streamState;
    private final Optional<Duration> staleAfter;
    private final Consumer<Alert> alerts;
    private final Instant started;
    private final ScheduledExecutorService executor;
    private final Map<Long, Instant> alertedFiles = new HashMap<>();
    private final Map<Long, Instant> alertedRuns = new HashMap<>();
    private final Map<String, String> alertedStreamFailure = new HashMap<>();
    private final Map<String, Instant> alertedStaleSince = new HashMap<>();
    private final Set<String> alertedAfterImport = new HashSet<>();
    private Instant since;

    /**
     * @param streamState what a Kafka data source's consumer is doing ({@code restarting: cause} or
     *     {@code misconfigured: cause} after an error)
     * @param alerts where alerts go; must not block
     */
    public FailureWatcher(Jdbi jdbi, String node, Supplier<Project> project, Function<String, String> streamState,
            Optional<Duration> staleAfter, Consumer<Alert> alerts) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.node = requireNonNull(node, "node is null");
        this.project = requireNonNull(project, "project is null");
        this.streamState = requireNonNull(streamState, "streamState is null");
        this.staleAfter = requireNonNull(staleAfter, "staleAfter is null");
        this.alerts = requireNonNull(alerts, "alerts is null");
        this.started = databaseNow();
        this.since = started;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pipit-alerts");
            thread.setDaemon(true);
            return thread;
        });
    }

    public void start(Duration pollInterval) {
        executor.scheduleWithFixedDelay(this::checkQuietly, pollInterval.toMillis(), pollInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.warn("Alerts could not read the history: {}", e.getMessage());
        }
    }

    /** One look for new failures; called on the watcher's thread. */
    synchronized void check() {
        Instant now = databaseNow();
        failedFiles();
        failedRuns();
        streams();
        afterImportActions();
        staleDataSources(now);
        Instant next = now.minus(OVERLAP);
        if (next.isAfter(since)) {
            since = next;
            alertedFiles.values().removeIf(time -> time.isBefore(since));
            alertedRuns.values().removeIf(time -> time.isBefore(since));
        }
    }

    private void failedFiles() {
        List<Failure> files = jdbi.withHandle(handle -> handle.createQuery(FAILED_FILES)
                .bind("node", node)
                .bind("since", SqlValues.toTimestamp(since))
                .map((rs, ctx) -> new Failure(rs.getLong("id"), new Alert(Alert.Event.FILE_FAILED,
                        rs.getString("datasource"), node, instant(rs, "updated_at"), rs.getLong("run_id"),
                        rs.getString("key"), rs.getString("error"), rs.getString("datasource") + ": file "
                                + rs.getString("key") + " failed: " + rs.getString("error"))))
                .list());
        raise(files, alertedFiles);
    }

    private void failedRuns() {
        List<Failure> runs = jdbi.withHandle(handle -> handle.createQuery(FAILED_RUNS)
                .bind("node", node)
                .bind("since", SqlValues.toTimestamp(since))
                .map((rs, ctx) -> new Failure(rs.getLong("id"), new Alert(Alert.Event.RUN_FAILED,
                        rs.getString("datasource"), node, instant(rs, "ended_at"), rs.getLong("id"), null,
                        rs.getString("error"), rs.getString("datasource") + ": run " + rs.getLong("id")
                                + " failed: " + rs.getString("error"))))
                .list());
        raise(runs, alertedRuns);
    }

    private void raise(List<Failure> failures, Map<Long, Instant> alerted) {
        for (Failure failure : failures) {
            if (alerted.putIfAbsent(failure.id(), failure.alert().at()) == null) {
                alerts.accept(failure.alert());
            }
        }
    }

    private void streams() {
        for (DataSourceDef dataSource : project.get().dataSources().values()) {
            if (dataSource.kafkaSpec().isEmpty()) {
                continue;
            }
            String state;
            try {
                state = streamState.apply(dataSource.name());
            } catch (IllegalArgumentException e) {
                continue;
            }
            String name = dataSource.name();
            boolean misconfigured = state != null && state.startsWith("misconfigured");
            if (state != null && (state.startsWith("restarting") || misconfigured)) {
                if (!state.equals(alertedStreamFailure.get(name))) {
                    alertedStreamFailure.put(name, state);
                    alerts.accept(new Alert(Alert.Event.STREAM_STOPPED, name, node, Instant.now(), null, null, state,
                            name + (misconfigured ? ": the Kafka broker refused the connection's settings or "
                                    + "credentials; the consumer tries again every stream.restart.max-backoff ("
                                    : ": the Kafka consumer stopped on an error and restarts (") + state + ")"));
                }
            } else {
                alertedStreamFailure.remove(name);
            }
        }
    }

    /**
     * Once when a data source's after-import actions start failing, not for each retry while they keep failing
     * (every run tries each again), and once more only after they all succeeded in between.
     */
    private void afterImportActions() {
        Map<String, Failing> failing = new AfterImportLedger(jdbi).failing(node);
        alertedAfterImport.retainAll(failing.keySet());
        failing.forEach((name, actions) -> {
            if (alertedAfterImport.add(name)) {
                alerts.accept(new Alert(Alert.Event.AFTER_IMPORT_FAILED, name, node, actions.lastFailedAt(), null, null,
                        actions.lastError(), name + ": " + actions.count() + " IMPORT_AFTER_IMPORT action"
                                + (actions.count() == 1 ? "" : "s") + " failed and later runs try again: "
                                + actions.lastError()));
            }
        });
    }

    private void staleDataSources(Instant now) {
        if (staleAfter.isEmpty()) {
            return;
        }
        Map<String, ConnectionHealth> health = new ConsoleReads(jdbi).health();
        for (DataSourceDef dataSource : project.get().dataSources().values()) {
            boolean watched = dataSource.kafkaSpec().isPresent()
                    || dataSource.importSpec().map(spec -> spec.schedule() != Schedule.ON_DEMAND).orElse(false);
            if (!watched) {
                continue;
            }
            String name = dataSource.name();
            Instant lastSuccess = health.getOrDefault(name, new ConnectionHealth(null, null, null)).lastSuccess();
            Instant reference = lastSuccess == null ? started : lastSuccess;
            if (Duration.between(reference, now).compareTo(staleAfter.get()) < 0) {
                alertedStaleSince.remove(name);
                continue;
            }
            if (!reference.equals(alertedStaleSince.get(name))) {
                alertedStaleSince.put(name, reference);
                alerts.accept(new Alert(Alert.Event.STALE, name, node, now, null, null, null, name + ": no run has "
                        + "succeeded for " + staleAfter.get().toMinutes() + " min"
                        + (lastSuccess == null ? " (none since this daemon started)" : " (last one ended " + lastSuccess + ")")));
            }
        }
    }

    private Instant databaseNow() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT CURRENT_TIMESTAMP")
                .mapTo(OffsetDateTime.class).one()).toInstant();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private record Failure(long id, Alert alert) {}
}
