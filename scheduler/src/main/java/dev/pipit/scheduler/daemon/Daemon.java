package dev.pipit.scheduler.daemon;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.admin.JmxServer;
import dev.pipit.scheduler.admin.JmxSettings;
import dev.pipit.scheduler.admin.PipitControl;
import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.console.Console;
import dev.pipit.scheduler.console.ConsoleContext;
import dev.pipit.scheduler.console.ConsoleServer;
import dev.pipit.scheduler.console.HttpSettings;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.Deployments;
import dev.pipit.scheduler.history.RunHistory;
import dev.pipit.scheduler.ledger.FileLedger;
import dev.pipit.scheduler.ledger.FileRequeue;
import dev.pipit.scheduler.metrics.PipitMetrics;
import dev.pipit.scheduler.notification.NotificationPollers;
import dev.pipit.scheduler.notification.NotificationSettings;
import dev.pipit.scheduler.notify.FailureWatcher;
import dev.pipit.scheduler.notify.NotifySettings;
import dev.pipit.scheduler.notify.WebhookSender;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.project.ProjectFolder;
import dev.pipit.scheduler.run.ImportRunner;
import dev.pipit.scheduler.run.RunLimits;
import dev.pipit.scheduler.schedule.ClusterSettings;
import dev.pipit.scheduler.pipe.PipeRunner;
import dev.pipit.scheduler.schedule.ImportScheduler;
import dev.pipit.scheduler.stream.StreamSettings;
import dev.pipit.scheduler.stream.StreamSupervisor;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Pipit: the database, the import schedule, the JMX endpoint and the web console, started in that order and closed in
 * the reverse one. {@link #close()} is what SIGTERM runs: runs end after their current file, then everything stops.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    private static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(10);

    private final List<AutoCloseable> resources;
    private final ImportScheduler scheduler;
    private final JmxSettings jmx;
    private final String node;
    private final Optional<String> consoleUrl;

    private Daemon(List<AutoCloseable> resources, ImportScheduler scheduler, JmxSettings jmx, String node,
            Optional<String> consoleUrl) {
        this.resources = resources;
        this.scheduler = scheduler;
        this.jmx = jmx;
        this.node = node;
        this.consoleUrl = consoleUrl;
    }

    /**
     * Starts a daemon for a project that loaded without errors, deploying it first when it differs from the latest
     * deployment; a destructive difference is refused.
     *
     * @throws IllegalStateException when another daemon holds the embedded database or runs as this node, the JMX
     *     port is taken, or the project cannot be deployed
     */
    public static Daemon start(PipitConfig config, Project project, PluginRegistry plugins) throws Exception {
        return start(config, project, plugins, false);
    }

    /**
     * Starts a daemon as {@link #start(PipitConfig, Project, PluginRegistry)} does.
     *
     * @param allowDestructiveOperations whether the deployment at start-up may remove connections and data sources
     */
    public static Daemon start(PipitConfig config, Project project, PluginRegistry plugins,
            boolean allowDestructiveOperations) throws Exception {
        return start(config, project, plugins, allowDestructiveOperations, () -> {});
    }

    /**
     * Starts a daemon as {@link #start(PipitConfig, Project, PluginRegistry, boolean)} does.
     *
     * @param onDatabaseClosed run once should H2 close the embedded database for good ({@link ClosedDatabaseWatch},
     *     which logs why); the daemon's own process ends itself ({@link ClosedDatabaseWatch#exitProcess()}), a
     *     JVM that hosts a daemon among other things decides for itself
     */
    public static Daemon start(PipitConfig config, Project project, PluginRegistry plugins,
            boolean allowDestructiveOperations, Runnable onDatabaseClosed) throws Exception {
        requireNonNull(project, "project is null");
        if (project.hasErrors()) {
            throw new IllegalArgumentException("the project has errors; run `bin/scheduler check` to see them");
        }
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            Database database = Database.open(config, project.root());
            resources.add(database);
            Optional<DaemonLock> lock = DaemonLock.acquire(database.displayUrl());
            lock.ifPresent(resources::add);

            String node = NodeId.of(config);
            NodeLock.acquire(database, node).ifPresent(resources::add);
            RunHistory history = new RunHistory(database.jdbi());
            LeftoverRuns.failAtDaemonStart(history, node);
            StartupDeployment.run(database, project, allowDestructiveOperations);
            RunLimits limits = RunLimits.from(config);
            ImportRunner runner = new ImportRunner(database, plugins, project, limits, node);
            // Closed after the scheduler, whose runs use its object stores.
            resources.add(runner);
            ClusterSettings cluster = ClusterSettings.from(config, database.dialect());
            PipeRunner pipes = new PipeRunner(database, plugins, project, node);
            ImportScheduler scheduler = ImportScheduler.create(database.dataSource(), runner, pipes, history, limits,
                    node, config.getInt("scheduler.threads", 4), cluster);
            resources.add(scheduler);
            scheduler.apply(project);
            StreamSupervisor streams = StreamSupervisor.create(database, plugins, project, StreamSettings.from(config),
                    node);
            resources.add(streams);
            NotificationPollers notifications = new NotificationPollers(database, plugins, project,
                    NotificationSettings.from(config), node, scheduler::fireForEvents);
            resources.add(notifications);
            DeploymentFollower follower = new DeploymentFollower(new Deployments(database.jdbi()),
                    new ProjectFolder(config, plugins, project.root()), deployed -> {
                        scheduler.apply(deployed);
                        streams.apply(deployed);
                        notifications.apply(deployed);
                    }, project);
            resources.add(follower);

            JmxSettings jmx = JmxSettings.from(config);
            PipitControl control = new PipitControl(scheduler, history, new FileLedger(database.jdbi()),
                    new FileRequeue(database.jdbi()), streams,
                    follower::reload);
            resources.add(JmxServer.start(jmx, control));
            PipitMetrics metrics = PipitMetrics.start(database, scheduler::project, plugins);
            resources.add(metrics);
            Optional<ConsoleServer> console = startConsole(HttpSettings.from(config),
                    new ConsoleContext(database, scheduler::project, plugins, control, Clock.systemUTC()), metrics);
            console.ifPresent(resources::add);
            scheduler.start();
            streams.start();
            notifications.start();
            follower.startPolling(config.getDuration("deploy.poll-interval", DEFAULT_POLL_INTERVAL));
            startAlerts(NotifySettings.from(config), database, node, scheduler, streams, resources);
            resources.add(ClosedDatabaseWatch.start(database, ClosedDatabaseWatch.INTERVAL, onDatabaseClosed));
            LOG.info("Pipit {} on {}: {} import data sources scheduled, {} Kafka data sources consumed, {} pipes{}; "
                    + "JMX on {}:{}; console {}",
                    node, database.displayUrl(),
                    project.dataSources().values().stream().filter(d -> d.importSpec().isPresent()).count(),
                    streams.dataSources().size(), project.pipes().size(),
                    cluster.enabled() ? ", in a cluster (check-in every " + cluster.checkinInterval().toMillis()
                            + " ms)" : "", jmx.clientHost(), jmx.port(),
                    console.map(ConsoleServer::url).orElse("disabled (http.enabled = false)"));
            return new Daemon(resources, scheduler, jmx, node, console.map(ConsoleServer::url));
        } catch (Exception | Error e) {
            closeAll(resources, e);
            throw e;
        }
    }

    public ImportScheduler scheduler() {
        return scheduler;
    }

    public JmxSettings jmx() {
        return jmx;
    }

    public String node() {
        return node;
    }

    /** Where the web console answers, unless {@code http.enabled} is false. */
    public Optional<String> consoleUrl() {
        return consoleUrl;
    }

    private static void startAlerts(NotifySettings settings, Database database, String node,
            ImportScheduler scheduler, StreamSupervisor streams, List<AutoCloseable> resources) {
        if (!settings.enabled()) {
            return;
        }
        WebhookSender sender = new WebhookSender(settings);
        resources.add(sender);
        FailureWatcher watcher = new FailureWatcher(database.jdbi(), node, scheduler::project, streams::state,
                settings.staleAfter(), sender::send);
        resources.add(watcher);
        watcher.start(settings.pollInterval());
        LOG.info("Alerts go to {}", settings.receiver());
    }

    private static Optional<ConsoleServer> startConsole(HttpSettings settings, ConsoleContext context,
            PipitMetrics metrics) throws IOException {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        return Optional.of(ConsoleServer.start(settings, Console.routes(context, metrics::scrape)));
    }

    @Override
    public void close() throws Exception {
        LOG.info("Pipit {} stopping: runs in progress end after their current file", node);
        Exception failure = closeAll(resources, null);
        if (failure != null) {
            throw failure;
        }
        LOG.info("Pipit {} stopped", node);
    }

    /** Closes in reverse order of opening, keeping the first failure and adding the others to it. */
    private static Exception closeAll(List<AutoCloseable> resources, Throwable primary) {
        Exception first = null;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                if (primary != null) {
                    primary.addSuppressed(e);
                } else if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        return first;
    }
}
