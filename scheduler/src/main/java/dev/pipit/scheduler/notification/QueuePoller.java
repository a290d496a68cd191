package dev.pipit.scheduler.notification;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.discovery.KeyGlob;
import dev.pipit.scheduler.ledger.DiscoveredFile;
import dev.pipit.scheduler.load.Causes;
import dev.pipit.scheduler.project.ImportSpec;
import dev.pipit.scheduler.project.Schedule;
import dev.pipit.scheduler.run.DiscoveryRecorder;
import dev.pipit.spi.connector.Notification;
import dev.pipit.spi.connector.NotificationSource;
import dev.pipit.spi.connector.ObjectRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one notification queue on a thread of its own for every data source that names it. Each batch of messages
 * is recorded in the ledger in one transaction with the same rules as a listing ({@link DiscoveryRecorder}), and
 * only after that commit are the messages deleted: a crash in between delivers them again, and the ledger, which
 * already has the keys, changes nothing. Malformed messages are never deleted, so the queue's redrive policy moves
 * them to its dead-letter queue. Nothing stops the poller but {@link #close()}: a queue or database that fails is
 * tried again after a pause that doubles up to {@code notifications.max-backoff}.
 */
final class QueuePoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueuePoller.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(2);

    /** A data source that names the queue, with its compiled key pattern. */
    record Subscriber(String dataSource, ImportSpec spec, KeyGlob glob) {
        static Subscriber of(String dataSource, ImportSpec spec) {
            return new Subscriber(dataSource, spec, KeyGlob.compile(spec.address().keyPattern()));
        }
    }

    private final String queue;
    private final NotificationSource source;
    private final Jdbi jdbi;
    private final DiscoveryRecorder recorder;
    private final NotificationQueues queues;
    private final String node;
    private final NotificationSettings settings;
    private final Consumer<String> eventRun;
    private final Thread thread;
    private volatile List<Subscriber> subscribers;
    private volatile boolean stopped;
    private Instant lastBacklog = Instant.EPOCH;

    QueuePoller(String queue, NotificationSource source, List<Subscriber> subscribers, Jdbi jdbi,
            DiscoveryRecorder recorder, NotificationQueues queues, String node, NotificationSettings settings,
            Consumer<String> eventRun) {
        this.queue = requireNonNull(queue, "queue is null");
        this.source = requireNonNull(source, "source is null");
        this.subscribers = List.copyOf(subscribers);
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.recorder = requireNonNull(recorder, "recorder is null");
        this.queues = requireNonNull(queues, "queues is null");
        this.node = requireNonNull(node, "node is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.eventRun = requireNonNull(eventRun, "eventRun is null");
        this.thread = new Thread(this::pollUntilClosed, "pipit-notifications-" + queue);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The data sources that take this queue's objects from now on. */
    void subscribe(List<Subscriber> newSubscribers) {
        this.subscribers = List.copyOf(newSubscribers);
    }

    private void pollUntilClosed() {
        LOG.info("Polling {} for {}", queue, subscribers.stream().map(Subscriber::dataSource).toList());
        Duration backoff = FIRST_BACKOFF;
        boolean failing = false;
        while (!stopped) {
            try {
                List<Notification> received = source.receive(settings.pollWait());
                if (stopped) {
                    break;
                }
                handle(received);
                if (failing) {
                    LOG.info("{} answers again", queue);
                }
                failing = false;
                backoff = FIRST_BACKOFF;
            } catch (Exception | StackOverflowError e) {
                if (stopped) {
                    break;
                }
                String cause = Causes.describe(e);
                if (!failing) {
                    LOG.warn("Cannot poll {} ({}); trying again with a growing pause, up to {} s", queue, cause,
                            settings.maxBackoff().toSeconds());
                } else {
                    LOG.debug("Still cannot poll {}: {}", queue, cause);
                }
                failing = true;
                recordFailure(cause);
                pause(backoff);
                Duration doubled = backoff.multipliedBy(2);
                backoff = doubled.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : doubled;
            }
        }
        try {
            source.close();
        } catch (Exception e) {
            LOG.debug("Closing the client of {} failed: {}", queue, e.toString());
        }
    }

    private void handle(List<Notification> received) throws Exception {
        List<Subscriber> current = subscribers;
        Map<String, Map<String, DiscoveredFile>> matched = new LinkedHashMap<>();
        List<Notification> handled = new ArrayList<>();
        int ignored = 0;
        int malformed = 0;
        for (Notification message : received) {
            switch (message.kind()) {
                case MALFORMED -> {
                    malformed++;
                    LOG.warn("{}: message {} cannot be read ({}); it stays in the queue, whose redrive policy moves "
                            + "it to its dead-letter queue", queue, message.id(), message.detail());
                }
                case IGNORED -> {
                    ignored++;
                    handled.add(message);
                    LOG.debug("{}: message {} ignored: {}", queue, message.id(), message.detail());
                }
                case OBJECTS_CREATED -> {
                    handled.add(message);
                    for (ObjectRef object : message.created()) {
                        for (Subscriber subscriber : current) {
                            DiscoveryRecorder.match(subscriber.spec(), subscriber.glob(), object).ifPresent(file ->
                                    matched.computeIfAbsent(subscriber.dataSource(), name -> new TreeMap<>())
                                            .put(file.objectKey(), file));
                        }
                    }
                }
            }
        }
        record(current, matched);
        if (!handled.isEmpty()) {
            source.acknowledge(handled);
        }
        for (Subscriber subscriber : current) {
            if (subscriber.spec().schedule() == Schedule.EVENT && matched.containsKey(subscriber.dataSource())) {
                eventRun.accept(subscriber.dataSource());
            }
        }
        OptionalLong backlog = backlogIfDue();
        queues.polled(queue, node, received.size(), ignored, malformed, received.isEmpty() ? null : Instant.now(),
                backlog);
    }

    /**
     * One transaction for the whole batch: its messages are deleted only once every key is in the ledger. Keys go in
     * in key order, as a listing's do, so that the two never wait for each other's rows the other way round.
     */
    private void record(List<Subscriber> current, Map<String, Map<String, DiscoveredFile>> matched) {
        if (matched.isEmpty()) {
            return;
        }
        Map<String, List<String>> changed = new LinkedHashMap<>();
        Map<String, Integer> queued = new LinkedHashMap<>();
        jdbi.useTransaction(handle -> {
            changed.clear();
            queued.clear();
            for (Subscriber subscriber : current) {
                Map<String, DiscoveredFile> files = matched.get(subscriber.dataSource());
                if (files != null) {
                    List<String> changedKeys = new ArrayList<>();
                    queued.put(subscriber.dataSource(), recorder.record(handle, subscriber.dataSource(),
                            subscriber.spec(), List.copyOf(files.values()), changedKeys));
                    changed.put(subscriber.dataSource(), changedKeys);
                }
            }
        });
        queued.forEach((dataSource, count) -> LOG.info("{}: {} new files from {}", dataSource, count, queue));
        changed.forEach(DiscoveryRecorder::warnChanged);
    }

    private OptionalLong backlogIfDue() throws Exception {
        Instant now = Instant.now();
        if (now.isBefore(lastBacklog.plus(settings.backlogInterval()))) {
            return OptionalLong.empty();
        }
        lastBacklog = now;
        return source.backlog();
    }

    private void recordFailure(String cause) {
        try {
            queues.failed(queue, node, cause);
        } catch (RuntimeException e) {
            LOG.debug("Cannot record the failure to poll {}: {}", queue, e.toString());
        }
    }

    private void pause(Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        // Short naps rather than one sleep, so that close() is not kept waiting; no interrupt is ever used, since an
        // interrupt in the middle of an H2 file write closes the database (see InterruptSafeFilePath).
        while (!stopped && System.nanoTime() < until) {
            try {
                Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Stops after the receive in progress, without interrupting it: messages it brings are not deleted, so they come
     * back. Waits a moment for a batch being recorded; the client is closed by the poller's thread as it ends.
     */
    @Override
    public void close() throws InterruptedException {
        stop();
        thread.join(JOIN_TIMEOUT.toMillis());
    }

    /** Asks the poller to stop without waiting, so that several stop at once. */
    void stop() {
        stopped = true;
    }

    String queue() {
        return queue;
    }
}
