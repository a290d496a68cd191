package dev.pipit.scheduler.metrics;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.ledger.AfterImportLedger;
import dev.pipit.scheduler.ledger.FileStatus;
import dev.pipit.scheduler.notification.NotificationQueues;
import dev.pipit.scheduler.notification.NotificationQueues.QueueState;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.stream.PartitionLag;
import dev.pipit.scheduler.stream.StreamLag;
import dev.pipit.scheduler.stream.StreamOffsets;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micrometer.jmx.JmxConfig;
import io.micrometer.jmx.JmxMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's meters, in Prometheus' text at {@code /metrics} and as MBeans on JMX (domain {@code metrics}).
 * Pipit's own meters are read from the shared database: counters are the ledger's and the history's totals per
 * data source, so they agree with {@code bin/scheduler status} and {@code history} and with every other daemon of
 * the cluster. They are refreshed when scraped, and every {@link #REFRESH} for JMX readers.
 */
public final class PipitMetrics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PipitMetrics.class);
    static final Duration REFRESH = Duration.ofSeconds(15);
    private static final Duration MIN_REFRESH_GAP = Duration.ofSeconds(1);
    private static final String DATASOURCE = "datasource";

    /**
     * Two of Micrometer's processor meters break Prometheus' naming rules ({@code promtool check metrics}): the CPU
     * count ends in {@code _count}, which only histograms may, and the CPU time in nanoseconds repeats
     * {@code process_cpu_usage} in an abbreviated unit.
     */
    private static final MeterFilter PROMETHEUS_LINT = new MeterFilter() {
        @Override
        public Meter.Id map(Meter.Id id) {
            return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
        }

        @Override
        public MeterFilterReply accept(Meter.Id id) {
            return id.getName().equals("process.cpu.time") ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
        }
    };

    private final PrometheusMeterRegistry prometheus;
    private final JmxMeterRegistry jmx;
    private final CompositeMeterRegistry registry;
    private final Database database;
    private final Supplier<Project> project;
    private final PluginRegistry plugins;
    private final RunDurations durations;
    private final MultiGauge kafkaLag;
    private final Set<String> registered = new HashSet<>();
    private final ScheduledExecutorService refresher;
    private volatile Map<String, HistoryTotals> totals = Map.of();
    private volatile Map<String, QueueState> queues = Map.of();
    private volatile Map<String, AfterImportLedger.Failing> afterImportFailing = Map.of();
    private final Set<String> registeredQueues = new HashSet<>();
    private long lastRefreshNanos;

    private PipitMetrics(Database database, Supplier<Project> project, PluginRegistry plugins) {
        this.database = database;
        this.project = project;
        this.plugins = plugins;
        this.prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.jmx = new JmxMeterRegistry(JmxConfig.DEFAULT, Clock.SYSTEM);
        this.registry = new CompositeMeterRegistry(Clock.SYSTEM, List.of(prometheus, jmx));
        registry.config().meterFilter(PROMETHEUS_LINT);
        this.durations = new RunDurations(database.jdbi());
        this.kafkaLag = MultiGauge.builder("pipit.kafka.lag")
                .description("Messages of a Kafka partition not yet in the table")
                .register(registry);
        this.refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pipit-metrics");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Registers the meters (with HikariCP's and the JVM's) and starts refreshing them. */
    public static PipitMetrics start(Database database, Supplier<Project> project, PluginRegistry plugins) {
        PipitMetrics metrics = new PipitMetrics(requireNonNull(database, "database is null"),
                requireNonNull(project, "project is null"), requireNonNull(plugins, "plugins is null"));
        database.meterPool(metrics.registry);
        new JvmMemoryMetrics().bindTo(metrics.registry);
        new JvmGcMetrics().bindTo(metrics.registry);
        new JvmThreadMetrics().bindTo(metrics.registry);
        new ClassLoaderMetrics().bindTo(metrics.registry);
        new ProcessorMetrics().bindTo(metrics.registry);
        new UptimeMetrics().bindTo(metrics.registry);
        metrics.refreshQuietly();
        metrics.refresher.scheduleWithFixedDelay(metrics::refreshQuietly, REFRESH.toMillis(), REFRESH.toMillis(),
                TimeUnit.MILLISECONDS);
        return metrics;
    }

    /** The Prometheus text of every meter, read fresh from the database. */
    public String scrape() {
        refreshQuietly();
        return prometheus.scrape();
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** A database that does not answer leaves the last values in place; the next scrape tries again. */
    private synchronized void refreshQuietly() {
        long now = System.nanoTime();
        if (lastRefreshNanos != 0 && now - lastRefreshNanos < MIN_REFRESH_GAP.toNanos()) {
            return;
        }
        lastRefreshNanos = now;
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warn("Metrics could not be read from the database: {}", e.getMessage());
        }
    }

    private void refresh() {
        totals = MeterSnapshot.read(database.jdbi());
        afterImportFailing = new AfterImportLedger(database.jdbi()).failing();
        Project current = project.get();
        Set<String> names = new HashSet<>(totals.keySet());
        current.dataSources().values().stream().filter(DataSourceDef::isFed).map(DataSourceDef::name).forEach(names::add);
        names.forEach(this::registerDataSource);
        durations.collect((run, duration) -> Timer.builder("pipit.run.duration")
                .description("How long import runs and Kafka consumption intervals took")
                .tags(DATASOURCE, run.dataSource(), "status", run.status())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofHours(2))
                .register(registry)
                .record(duration));
        kafkaLag.register(kafkaLagRows(current), true);
        Map<String, QueueState> read = new HashMap<>();
        new NotificationQueues(database.jdbi()).all().forEach(queue -> read.put(queue.queue(), queue));
        queues = read;
        read.keySet().forEach(this::registerQueue);
    }

    /** A notification queue's meters, as its pollers recorded them in the database. */
    private void registerQueue(String queue) {
        if (!registeredQueues.add(queue)) {
            return;
        }
        Tags tags = Tags.of("queue", queue);
        queueCounter("pipit.notifications.messages", "Messages received from a notification queue", queue, tags,
                QueueState::messages);
        queueCounter("pipit.notifications.malformed", "Messages of a notification queue that could not be read and "
                + "were left to its redrive policy", queue, tags, QueueState::malformed);
        queueCounter("pipit.notifications.errors", "Failed polls of a notification queue", queue, tags,
                QueueState::errors);
        Gauge.builder("pipit.notifications.backlog", this, self -> {
            QueueState state = self.queues.get(queue);
            return state == null || state.backlog() == null ? Double.NaN : state.backlog();
        }).description("Messages waiting in a notification queue, as it last said").tags(tags).register(registry);
    }

    private void queueCounter(String meter, String description, String queue, Tags tags,
            ToDoubleFunction<QueueState> value) {
        FunctionCounter.builder(meter, this, self -> {
            QueueState state = self.queues.get(queue);
            return state == null ? 0 : value.applyAsDouble(state);
        }).description(description).tags(tags).register(registry);
    }

    private List<MultiGauge.Row<?>> kafkaLagRows(Project current) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        StreamOffsets offsets = new StreamOffsets(database.jdbi());
        for (DataSourceDef dataSource : current.dataSources().values()) {
            if (dataSource.kafkaSpec().isEmpty()) {
                continue;
            }
            for (PartitionLag partition : StreamLag.of(dataSource, current, plugins, offsets)) {
                if (partition.lag() != null) {
                    rows.add(MultiGauge.Row.of(Tags.of(DATASOURCE, dataSource.name(), "partition",
                            Integer.toString(partition.partition())), partition.lag()));
                }
            }
        }
        return rows;
    }

    private void registerDataSource(String name) {
        if (!registered.add(name)) {
            return;
        }
        Tags tags = Tags.of(DATASOURCE, name);
        counter("pipit.files.discovered", "Files the ledger knows of", null, tags, t -> t.discovered());
        counter("pipit.files.imported", "Files imported", null, tags, t -> t.files(FileStatus.IMPORTED));
        counter("pipit.files.failed", "Files marked failed", null, tags, t -> t.files(FileStatus.FAILED));
        counter("pipit.rows", "Rows written to the data source's table", null, tags, HistoryTotals::rows);
        counter("pipit.quarantined.rows", "Rows written to the quarantine table", null, tags,
                HistoryTotals::quarantined);
        counter("pipit.read", "Bytes read from files and messages", "bytes", tags, HistoryTotals::bytes);
        Gauge.builder("pipit.files.pending", this, self -> self.of(name).files(FileStatus.PENDING))
                .description("Files discovered and waiting for a run").tags(tags).register(registry);
        Gauge.builder("pipit.after.import.failed", this, self -> {
            AfterImportLedger.Failing failing = self.afterImportFailing.get(name);
            return failing == null ? 0 : failing.count();
        }).description("IMPORT_AFTER_IMPORT actions whose latest attempt failed; later runs try them again")
                .tags(tags).register(registry);
        Gauge.builder("pipit.last.success.timestamp", this, self -> {
            HistoryTotals own = self.of(name);
            return own.lastSuccess() == null ? Double.NaN : own.lastSuccess().toEpochMilli() / 1000.0;
        }).description("When the data source's latest run that imported without failing ended (Unix time)")
                .baseUnit("seconds").tags(tags).register(registry);
    }

    private void counter(String meter, String description, String unit, Tags tags,
            ToDoubleFunction<HistoryTotals> value) {
        String name = tags.stream().findFirst().orElseThrow().getValue();
        FunctionCounter.builder(meter, this, self -> value.applyAsDouble(self.of(name)))
                .description(description).baseUnit(unit).tags(tags).register(registry);
    }

    private HistoryTotals of(String dataSource) {
        return totals.getOrDefault(dataSource, HistoryTotals.NONE);
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        jmx.close();
        prometheus.close();
    }
}
