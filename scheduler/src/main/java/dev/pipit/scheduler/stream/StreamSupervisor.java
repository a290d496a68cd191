package dev.pipit.scheduler.stream;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunHistory;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.ConnectionDef;
import dev.pipit.scheduler.project.ConnectionSettings;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.run.RunErrors;
import dev.pipit.scheduler.run.TableLoader;
import dev.pipit.spi.connector.ConnectorContext;
import dev.pipit.spi.connector.ConnectorFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one consumer running per Kafka data source of the project, each on its own thread: a consumer that fails
 * is restarted after a backoff that doubles up to {@link StreamSettings#restartMaxBackoff()}, and one that is
 * paused stays stopped until resumed. Every daemon of a cluster runs its consumers in the data source's group, so
 * Kafka shares the partitions among them.
 */
public final class StreamSupervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamSupervisor.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Worker> workers = new LinkedHashMap<>();

    private StreamSupervisor(List<Worker> workers) {
        workers.forEach(worker -> this.workers.put(worker.dataSource.name(), worker));
    }

    /** A supervisor for every Kafka data source of {@code project}; nothing runs until {@link #start()}. */
    public static StreamSupervisor create(Database database, PluginRegistry plugins, Project project,
            StreamSettings settings, String node) {
        TableLoader tables = new TableLoader(database);
        StreamOffsets offsets = new StreamOffsets(database.jdbi());
        RunHistory history = new RunHistory(database.jdbi());
        List<Worker> workers = project.dataSources().values().stream()
                .filter(dataSource -> dataSource.kafkaSpec().isPresent())
                .map(dataSource -> {
                    MessageDecoder decoder = new MessageDecoder(plugins.format("ndjson").orElseThrow(
                            () -> new IllegalStateException("Kafka data sources decode JSON with the ndjson format "
                                    + "plugin, and plugins/ndjson is missing")));
                    ConnectionDef connection = project.connections().get(dataSource.kafkaSpec().get().connectionName());
                    ConnectorFactory connector = plugins.connector(connection.type()).orElseThrow(
                            () -> new IllegalStateException("connection type " + connection.type()
                                    + " has no plugin installed"));
                    ConnectorContext context = new ConnectorContext(connection.name(),
                            ConnectionSettings.effectiveSettings(connection, connector));
                    return new Worker(dataSource, settings, connector, context,
                            () -> new StreamConsumer(database, tables, offsets, history, decoder, settings, node,
                                    dataSource));
                })
                .toList();
        return new StreamSupervisor(workers);
    }

    public void start() {
        workers.values().forEach(Worker::start);
    }

    /** The Kafka data sources, in name order. */
    public List<String> dataSources() {
        return List.copyOf(workers.keySet());
    }

    /** What the data source's consumer is doing: {@code running}, {@code paused} or {@code restarting: cause}. */
    public String state(String dataSource) {
        return worker(dataSource).state();
    }

    /**
     * Stops consuming a data source after its batch in progress, until {@link #resume}; forgotten on restart.
     *
     * @throws IllegalArgumentException if no Kafka data source has that name
     */
    public void pause(String dataSource) {
        worker(dataSource).pause();
    }

    /** @throws IllegalArgumentException if no Kafka data source has that name */
    public void resume(String dataSource) {
        worker(dataSource).resume();
    }

    /** Stops every consumer after its batch in progress. */
    @Override
    public void close() throws InterruptedException {
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

    /** The thread that runs, restarts and pauses one data source's consumer. */
    private static final class Worker {
        private final DataSourceDef dataSource;
        private final StreamSettings settings;
        private final ConnectorFactory connector;
        private final ConnectorContext context;
        private final java.util.function.Supplier<StreamConsumer> consumers;
        private final Thread thread;

        private boolean paused;
        private boolean closed;
        private String failure;
        private StreamConsumer current;

        Worker(DataSourceDef dataSource, StreamSettings settings, ConnectorFactory connector,
                ConnectorContext context, java.util.function.Supplier<StreamConsumer> consumers) {
            this.dataSource = requireNonNull(dataSource, "dataSource is null");
            this.settings = settings;
            this.connector = connector;
            this.context = context;
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
            return failure == null ? "running" : "restarting: " + failure;
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
                    consumer.run(connector, context);
                    backoff = FIRST_BACKOFF;
                    setFailure(null);
                } catch (RuntimeException e) {
                    String cause = RunErrors.describe(e);
                    LOG.warn("{}: consumption failed ({}); restarting in {} s", dataSource.name(), cause,
                            backoff.toSeconds());
                    setFailure(cause);
                    synchronized (this) {
                        current = null;
                        if (!closed) {
                            waitQuietly(backoff);
                        }
                    }
                    backoff = backoff.multipliedBy(2).compareTo(settings.restartMaxBackoff()) > 0
                            ? settings.restartMaxBackoff() : backoff.multipliedBy(2);
                }
            }
        }

        private synchronized void setFailure(String cause) {
            failure = cause;
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
