package dev.pipit.scheduler.notify;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One alert, as the webhook receives it. The error texts are the ones the ledger and the history hold, which
 * never carry a credential.
 *
 * @param runId the run concerned, or {@code null}
 * @param key the file concerned, or {@code null}
 * @param error the cause, or {@code null}
 */
public record Alert(Event event, String dataSource, String node, Instant at, Long runId, String key, String error,
        String message) {
    /** What happened. */
    public enum Event {
        FILE_FAILED, RUN_FAILED, STREAM_STOPPED, STALE, AFTER_IMPORT_FAILED;

        public String jsonValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Alert {
        requireNonNull(event, "event is null");
        requireNonNull(dataSource, "dataSource is null");
        requireNonNull(node, "node is null");
        requireNonNull(at, "at is null");
        requireNonNull(message, "message is null");
    }

    /** The JSON document POSTed: {@code event, datasource, node, at, run_id, key, error, message}. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("event", event.jsonValue());
        json.put("datasource", dataSource);
        json.put("node", node);
        json.put("at", at);
        json.put("run_id", runId);
        json.put("key", key);
        json.put("error", error);
        json.put("message", message);
        return json;
    }
}
