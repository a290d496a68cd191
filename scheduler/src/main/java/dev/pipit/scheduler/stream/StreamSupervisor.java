package dev.pipit.scheduler.stream;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunHistory;
import dev.pipit.scheduler.load.Causes;
import dev.pipit.scheduler.load.TableLoader;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.ConnectionDef;
import dev.pipit.scheduler.project.ConnectorBinding;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.project.Project;
import dev.pipit.spi.error.ErrorCategory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one consumer running per Kafka data source of the project, each on its own thread: a consumer that fails
 * is restarted after a backoff that doubles up to {@link StreamSettings#restartMaxBackoff()}, and one that is
 * paused stays stopped until resumed. A failure of {@link ErrorCategory#CONFIGURATION} (refused credentials, a
 * missing ACL, a bad client setting) waits the longest backoff at once: only a person mends it, and a broker that
 * refuses a login should not be asked again every second. Every daemon of a cluster runs its consumers in the data source's group, so
 * Kafka shares the partitions among them.
 */
public final class StreamSupervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamSupervisor.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Worker> workers = new LinkedHashMap<>();
    private final WorkerFactory factory;
    private boolean started;

    private StreamSupervisor(WorkerFactory factory) {
        this.factory = factory;
    }

    /** A supervisor for every Kafka data source of {@code project}; nothing runs until {@link #start()}. */
    public static StreamSupervisor create(Database database, PluginRegistry plugins, Project project,
            StreamSettings settings, String node) {
        TableLoader tables = new TableLoader(database);
        StreamOffsets offsets = new StreamOffsets(database.jdbi());
        RunHistory history = new RunHistory(database.jdbi());
        StreamSupervisor supervisor = new StreamSupervisor((dataSource, connection) -> {
            ConnectorBinding binding = ConnectorBinding.of(connection, plugins);
            MessageDecoder decoder = new MessageDecoder(binding.messageDecoder(plugins));
            return new Worker(dataSource, connection, settings, binding,
                    () -> new StreamConsumer(database, tables, offsets, history, decoder, settings, node,
                            dataSource));
        });
        kafkaDataSources(project).forEach((name, dataSource) ->
                supervisor.workers.put(name, supervisor.factory.create(dataSource, connectionOf(project, dataSource))));
        return supervisor;
    }

    public synchronized void start() {
        started = true;
        workers.values().forEach(Worker::start);
    }

    /**
     * Follows a new deployment: the consumers of Kafka data sources that are gone or whose data source or connection
     * changed stop after their batch in progress (their offsets are committed with it), and new and changed ones
     * start from the offsets stored for their group.
     */
    public synchronized void apply(Project project) throws InterruptedException {
        Map<String, DataSourceDef> wanted = kafkaDataSources(project);
        List<Worker> stale = workers.values().stream()
                .filter(worker -> !worker.dataSource.equals(wanted.get(worker.dataSource.name()))
                        || !worker.connection.equals(connectionOf(project, worker.dataSource)))
                .toList();
        stale.forEach(Worker::requestClose);
        for (Worker worker : stale) {
            worker.thread.join(STOP_TIMEOUT.toMillis());
            workers.remove(worker.dataSource.name());
            LOG.info("{}: consumer stopped for the new deployment", worker.dataSource.name());
        }
        wanted.forEach((name, dataSource) -> workers.computeIfAbsent(name, key -> {
            Worker worker = factory.create(dataSource, connectionOf(project, dataSource));
            if (started) {
                worker.start();
            }
            return worker;
        }));
    }

    private static Map<String, DataSourceDef> kafkaDataSources(Project project) {
        Map<String, DataSourceDef> kafka = new LinkedHashMap<>();
        project.dataSources().values().stream()
                .filter(dataSource -> dataSource.kafkaSpec().isPresent())
                .forEach(dataSource -> kafka.put(dataSource.name(), dataSource));
        return kafka;
    }

    private static ConnectionDef connectionOf(Project project, DataSourceDef dataSource) {
        return dataSource.kafkaSpec().map(spec -> project.connections().get(spec.connectionName())).orElse(null);
    }

    /** The Kafka data sources, in name order. */
    public synchronized List<String> dataSources() {
        return List.copyOf(workers.keySet());
    }

    /**
     * What the data source's consumer is doing: {@code running}, {@code paused}, {@code restarting: cause} after a
     * failure that may pass, or {@code misconfigured: cause} after the broker refused the connection's settings or
     * credentials.
     */
    public synchronized String state(String dataSource) {
        return worker(dataSource).state();
    }

    /**
     * Stops consuming a data source after its batch in progress, until {@link #resume}; forgotten on restart.
     *
     * @throws IllegalArgumentException if no Kafka data source has that name
     */
    public synchronized void pause(String dataSource) {
        worker(dataSource).pause();
    }

    /** @throws IllegalArgumentException if no Kafka data source has that name */
    public synchronized void resume(String dataSource) {
        worker(dataSource).resume();
    }

    /** Stops every consumer after its batch in progress. */
    @Override
    public synchronized void close() throws InterruptedException {
        workers.values().forEach(Worker::requestClose);
        for (Worker worker : workers.values()) {
            worker.thread.join(STOP_TIMEOUT.toMillis());
        }
    }

    private Worker worker(String dataSource) {
        Worker worker = workers.get(dataSource);
        if (worker == null) {
            throw new IllegalArgumentException("no Kafka data source named '" + dataSource + "'; Kafka data sources: "
                    + workers.keySet());
        }
        return worker;
    }

    /** Makes the worker of one Kafka data source, fed through its connection. */
    private interface WorkerFactory {
        Worker create(DataSourceDef dataSource, ConnectionDef connection);
    }

    /** The thread that runs, restarts and pauses one data source's consumer. */
    private static final class Worker {
        private final DataSourceDef dataSource;
        private final ConnectionDef connection;
        private final StreamSettings settings;
        private final ConnectorBinding binding;
        private final java.util.function.Supplier<StreamConsumer> consumers;
        private final Thread thread;

        private boolean paused;
        private boolean closed;
        private String failure;
        private boolean misconfigured;
        private StreamConsumer current;

        Worker(DataSourceDef dataSource, ConnectionDef connection, StreamSettings settings, ConnectorBinding binding,
                java.util.function.Supplier<StreamConsumer> consumers) {
            this.dataSource = requireNonNull(dataSource, "dataSource is null");
            this.connection = requireNonNull(connection, "connection is null");
            this.settings = settings;
            this.binding = binding;
            this.consumers = consumers;
            this.thread = new Thread(this::loop, "stream-" + dataSource.name());
        }

        void start() {
            thread.start();
        }

        synchronized String state() {
            if (paused) {
                return "paused";
            }
            // A failure is over once the consumer that followed it has polled the broker.
            if (failure == null || current != null && current.hasPolled()) {
                return "running";
            }
            return (misconfigured ? "misconfigured: " : "restarting: ") + failure;
        }

        synchronized void pause() {
            paused = true;
            if (current != null) {
                current.stop();
            }
            LOG.info("{}: consumption paused", dataSource.name());
        }

        synchronized void resume() {
            paused = false;
            notifyAll();
            LOG.info("{}: consumption resumed", dataSource.name());
        }

        synchronized void requestClose() {
            closed = true;
            if (current != null) {
                current.stop();
            }
            notifyAll();
        }

        private void loop() {
            Duration backoff = FIRST_BACKOFF;
            while (true) {
                StreamConsumer consumer;
                synchronized (this) {
                    while (paused && !closed) {
                        waitQuietly(Duration.ZERO);
                    }
                    if (closed) {
                        return;
                    }
                    consumer = consumers.get();
                    current = consumer;
                }
                try {
                    consumer.run(binding);
                    backoff = FIRST_BACKOFF;
                    setFailure(null, false);
                } catch (RuntimeException e) {
                    String cause = Causes.describe(e);
                    boolean configuration = ErrorCategory.of(e).orElse(null) == ErrorCategory.CONFIGURATION;
                    Duration wait = configuration ? settings.restartMaxBackoff() : backoff;
                    if (configuration) {
                        LOG.warn("{}: consumption failed, the connection's settings or credentials are refused ({});"
                                + " trying again in {} s (stream.restart.max-backoff)", dataSource.name(), cause,
                                wait.toSeconds());
                    } else {
                        LOG.warn("{}: consumption failed ({}); restarting in {} s", dataSource.name(), cause,
                                wait.toSeconds());
                    }
                    setFailure(cause, configuration);
                    synchronized (this) {
                        current = null;
                        if (!closed) {
                            waitQuietly(wait);
                        }
                    }
                    backoff = backoff.multipliedBy(2).compareTo(settings.restartMaxBackoff()) > 0
                            ? settings.restartMaxBackoff() : backoff.multipliedBy(2);
                }
            }
        }

        private synchronized void setFailure(String cause, boolean refusedSettings) {
            failure = cause;
            misconfigured = refusedSettings;
        }

        /** Waits for a pause, resume or close; {@link Duration#ZERO} waits without end. */
        private void waitQuietly(Duration timeout) {
            try {
                wait(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closed = true;
            }
        }
    }
}
