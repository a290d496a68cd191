package dev.pipit.scheduler.notify;

import dev.pipit.scheduler.config.PipitConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Where alerts go and when ({@code notify.*}). The URL is treated as a credential: chat webhooks carry their token
 * in it, so it is masked in the start-up log and never printed.
 *
 * @param webhookUrl receives a JSON POST per alert ({@code notify.webhook-url}); empty for no alerts
 * @param staleAfter how long an {@code @auto} or Kafka data source may go without a run that succeeds before an
 *     alert ({@code notify.stale-after}); empty for never
 * @param pollInterval how often the history is read for new failures ({@code notify.poll-interval}, default 5 s)
 * @param firstRetry the pause before the first retry of a delivery, doubled for each later one up to
 *     {@code maxRetry} ({@code notify.retry-backoff}, default 1 s; {@code notify.retry-max-backoff}, default 5 min)
 * @param maxAttempts deliveries of one alert before it is dropped with a warning ({@code notify.attempts}, 20)
 */
public record NotifySettings(Optional<URI> webhookUrl, Optional<Duration> staleAfter, Duration pollInterval,
        Duration firstRetry, Duration maxRetry, int maxAttempts) {
    public static NotifySettings from(PipitConfig config) {
        Optional<URI> url = config.get("notify.webhook-url").map(NotifySettings::parseUrl);
        return new NotifySettings(url,
                config.get("notify.stale-after").map(value -> config.getDuration("notify.stale-after", null)),
                config.getDuration("notify.poll-interval", Duration.ofSeconds(5)),
                config.getDuration("notify.retry-backoff", Duration.ofSeconds(1)),
                config.getDuration("notify.retry-max-backoff", Duration.ofMinutes(5)),
                config.getInt("notify.attempts", 20));
    }

    private static URI parseUrl(String value) {
        try {
            URI uri = URI.create(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // Reported below, without the value: it may hold a token.
        }
        throw new IllegalArgumentException("Invalid value for config 'notify.webhook-url': expected an http:// or "
                + "https:// URL");
    }

    public boolean enabled() {
        return webhookUrl.isPresent();
    }

    /** The receiver as it may be logged: its host, never its path or query (where tokens live). */
    public String receiver() {
        return webhookUrl.map(uri -> uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()))
                .orElse("none");
    }

    @Override
    public String toString() {
        return "NotifySettings[" + receiver() + "]";
    }
}
