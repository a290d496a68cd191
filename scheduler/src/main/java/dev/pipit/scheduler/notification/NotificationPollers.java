package dev.pipit.scheduler.notification;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.ledger.FileLedger;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.ConnectionDef;
import dev.pipit.scheduler.project.ConnectorBinding;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.project.ImportSpec;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.run.DiscoveryRecorder;
import dev.pipit.spi.connector.NotificationSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's notification queues: one {@link QueuePoller} per queue that data sources name in
 * {@code IMPORT_NOTIFICATIONS}, shared by all of them, so that no message is taken by a poller that does not know
 * every data source it concerns. They name it through one connection ({@code check} refuses two), whose credentials
 * read it. A redeploy adds and removes pollers, and hands a kept one its new data sources.
 */
public final class NotificationPollers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationPollers.class);

    private final Database database;
    private final PluginRegistry plugins;
    private final NotificationSettings settings;
    private final String node;
    private final Consumer<String> eventRun;
    private final DiscoveryRecorder recorder;
    private final NotificationQueues queues;
    private final Map<String, Running> running = new HashMap<>();
    private Project project;
    private boolean started;

    private record Running(QueuePoller poller, ConnectionDef connection) {}

    /**
     * @param eventRun starts a run of an {@code @event} data source whose new files a batch recorded
     */
    public NotificationPollers(Database database, PluginRegistry plugins, Project project, NotificationSettings settings,
            String node, Consumer<String> eventRun) {
        this.database = requireNonNull(database, "database is null");
        this.plugins = requireNonNull(plugins, "plugins is null");
        this.project = requireNonNull(project, "project is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.node = requireNonNull(node, "node is null");
        this.eventRun = requireNonNull(eventRun, "eventRun is null");
        this.recorder = new DiscoveryRecorder(new FileLedger(database.jdbi()));
        this.queues = new NotificationQueues(database.jdbi());
    }

    public synchronized void start() throws InterruptedException {
        started = true;
        apply(project);
    }

    /** Brings the pollers in line with a new deployment. */
    public synchronized void apply(Project newProject) throws InterruptedException {
        this.project = requireNonNull(newProject, "newProject is null");
        if (!started) {
            return;
        }
        Map<String, List<QueuePoller.Subscriber>> wanted = new TreeMap<>();
        Map<String, ConnectionDef> connections = new HashMap<>();
        for (DataSourceDef dataSource : new TreeMap<>(newProject.dataSources()).values()) {
            ImportSpec spec = dataSource.importSpec().orElse(null);
            if (spec == null || !spec.hasNotifications()) {
                continue;
            }
            wanted.computeIfAbsent(spec.notifications(), queue -> new ArrayList<>())
                    .add(QueuePoller.Subscriber.of(dataSource.name(), spec));
            connections.putIfAbsent(spec.notifications(), newProject.connections().get(spec.connectionName()));
        }
        for (String queue : List.copyOf(running.keySet())) {
            Running current = running.get(queue);
            if (!wanted.containsKey(queue) || !current.connection().equals(connections.get(queue))) {
                running.remove(queue);
                current.poller().close();
                LOG.info("Stopped polling {}", queue);
            }
        }
        for (Map.Entry<String, List<QueuePoller.Subscriber>> entry : wanted.entrySet()) {
            Running current = running.get(entry.getKey());
            if (current != null) {
                current.poller().subscribe(entry.getValue());
                continue;
            }
            ConnectionDef connection = connections.get(entry.getKey());
            NotificationSource source;
            try {
                source = ConnectorBinding.of(connection, plugins).openNotifications(entry.getKey());
            } catch (RuntimeException e) {
                LOG.error("Cannot open {} with connection {}: {}; its data sources are discovered by listing only",
                        entry.getKey(), connection.name(), e.getMessage());
                continue;
            }
            QueuePoller poller = new QueuePoller(entry.getKey(), source, entry.getValue(), database.jdbi(), recorder,
                    queues, node, settings, eventRun);
            running.put(entry.getKey(), new Running(poller, connection));
            poller.start();
        }
    }

    /** The queues polled now. */
    public synchronized List<String> queues() {
        return List.copyOf(new TreeMap<>(running).keySet());
    }

    @Override
    public synchronized void close() throws InterruptedException {
        running.values().forEach(current -> current.poller().stop());
        for (Running current : running.values()) {
            current.poller().close();
        }
        running.clear();
    }
}
