package dev.pipit.scheduler.notify;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.cli.JsonOutput;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alerts to the webhook, one at a time and in order, on a thread of its own: whoever raises an alert only
 * queues it. A receiver that is down or answers other than 2xx gets the alert again after a pause that doubles each
 * time; a queue that fills up (the receiver down for long) drops new alerts with a warning rather than hold memory.
 */
public final class WebhookSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    private static final int QUEUE_CAPACITY = 1_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final NotifySettings settings;
    private final URI url;
    private final HttpClient client;
    private final BlockingQueue<Alert> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread thread;
    private volatile boolean closed;

    public WebhookSender(NotifySettings settings) {
        this.settings = requireNonNull(settings, "settings is null");
        this.url = settings.webhookUrl().orElseThrow(() -> new IllegalArgumentException("no notify.webhook-url"));
        this.client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        this.thread = new Thread(this::deliverAll, "pipit-webhook");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues an alert; never blocks. */
    public void send(Alert alert) {
        if (queue.offer(requireNonNull(alert, "alert is null"))) {
            LOG.debug("Alert {} of {} queued for {}", alert.event().jsonValue(), alert.dataSource(), settings.receiver());
        } else {
            LOG.warn("Alert dropped, {} alerts wait for {}: {}", QUEUE_CAPACITY, settings.receiver(), alert.message());
        }
    }

    private void deliverAll() {
        try {
            while (!closed) {
                Alert alert = queue.poll(1, TimeUnit.SECONDS);
                if (alert != null) {
                    deliver(alert);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(Alert alert) throws InterruptedException {
        String body = JsonOutput.write(alert.toJson());
        Duration pause = settings.firstRetry();
        for (int attempt = 1; attempt <= settings.maxAttempts() && !closed; attempt++) {
            String failure;
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(url)
                        .timeout(TIMEOUT)
                        .header("Content-Type", "application/json")
                        .header("User-Agent", "Pipit")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2) {
                    LOG.debug("Alert {} of {} delivered to {}", alert.event().jsonValue(), alert.dataSource(),
                            settings.receiver());
                    return;
                }
                failure = "it answered " + response.statusCode();
            } catch (IOException e) {
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            LOG.warn("Alert {} of {} not delivered to {} (attempt {} of {}): {}", alert.event().jsonValue(),
                    alert.dataSource(), settings.receiver(), attempt, settings.maxAttempts(), failure);
            Thread.sleep(pause.toMillis());
            Duration doubled = pause.multipliedBy(2);
            pause = doubled.compareTo(settings.maxRetry()) > 0 ? settings.maxRetry() : doubled;
        }
        LOG.warn("Alert dropped after {} attempts: {}", settings.maxAttempts(), alert.message());
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.interrupt();
        thread.join(TIMEOUT.toMillis());
    }
}
