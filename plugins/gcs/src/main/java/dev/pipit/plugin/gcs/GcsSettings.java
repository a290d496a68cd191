package dev.pipit.plugin.gcs;

import static dev.pipit.spi.config.SettingValues.duration;
import static dev.pipit.spi.config.SettingValues.httpUrl;
import static dev.pipit.spi.config.SettingValues.orNull;
import static dev.pipit.spi.config.SettingValues.positiveInt;
import static java.util.Objects.requireNonNull;

import dev.pipit.spi.config.SettingProblem;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The settings of one GCS connection, parsed. Built only from settings that {@link #problems} found nothing wrong
 * with, so parsing here never fails on user input.
 *
 * @param serviceAccountKey {@code GCS_SERVICE_ACCOUNT_CREDENTIALS_JSON}, or {@code null} when unset or {@code {}}
 * @param hmacAccessId {@code GCS_HMAC_ACCESS_ID}, or {@code null}; set together with {@code hmacSecret}
 * @param endpoint {@code GCS_ENDPOINT}, or {@code null} for Google's
 * @param projectId {@code GCS_PROJECT_ID}, or {@code null} to take the key's or the environment's
 */
record GcsSettings(
        String serviceAccountKey,
        String hmacAccessId,
        String hmacSecret,
        URI endpoint,
        String projectId,
        Duration connectTimeout,
        Duration readTimeout,
        int maxAttempts) {

    GcsSettings {
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(readTimeout, "readTimeout is null");
    }

    static GcsSettings parse(Map<String, String> values) {
        return new GcsSettings(
                serviceAccountKey(values.get(GcsConnectorFactory.SERVICE_ACCOUNT_JSON)),
                orNull(values.get(GcsConnectorFactory.HMAC_ACCESS_ID)),
                orNull(values.get(GcsConnectorFactory.HMAC_SECRET)),
                httpUrl(values.get(GcsConnectorFactory.ENDPOINT)).orElse(null),
                orNull(values.get(GcsConnectorFactory.PROJECT_ID)),
                duration(values.get(GcsConnectorFactory.CONNECT_TIMEOUT)).orElseThrow(),
                duration(values.get(GcsConnectorFactory.READ_TIMEOUT)).orElseThrow(),
                positiveInt(values.get(GcsConnectorFactory.MAX_ATTEMPTS)).orElseThrow());
    }

    /** What is wrong with settings that each passed their declaration; messages name settings, never values. */
    static List<SettingProblem> problems(Map<String, String> values) {
        List<SettingProblem> problems = new ArrayList<>();
        boolean hasId = orNull(values.get(GcsConnectorFactory.HMAC_ACCESS_ID)) != null;
        boolean hasSecret = orNull(values.get(GcsConnectorFactory.HMAC_SECRET)) != null;
        if (hasId != hasSecret) {
            String missing = hasId ? GcsConnectorFactory.HMAC_SECRET : GcsConnectorFactory.HMAC_ACCESS_ID;
            problems.add(new SettingProblem(hasId ? GcsConnectorFactory.HMAC_ACCESS_ID : GcsConnectorFactory.HMAC_SECRET,
                    "GCS_HMAC_ACCESS_ID and GCS_HMAC_SECRET go together: set " + missing + " too, or neither"));
        }
        if (hasId && serviceAccountKey(values.get(GcsConnectorFactory.SERVICE_ACCOUNT_JSON)) != null) {
            problems.add(new SettingProblem(GcsConnectorFactory.HMAC_ACCESS_ID, "choose one way to authenticate: "
                    + "GCS_SERVICE_ACCOUNT_CREDENTIALS_JSON or the GCS_HMAC_* pair"));
        }
        String endpoint = orNull(values.get(GcsConnectorFactory.ENDPOINT));
        if (endpoint != null && httpUrl(endpoint).isEmpty()) {
            problems.add(new SettingProblem(GcsConnectorFactory.ENDPOINT, GcsConnectorFactory.ENDPOINT
                    + " must be an http:// or https:// URL such as http://127.0.0.1:9199"));
        }
        for (String name : List.of(GcsConnectorFactory.CONNECT_TIMEOUT, GcsConnectorFactory.READ_TIMEOUT)) {
            if (duration(values.get(name)).isEmpty()) {
                problems.add(new SettingProblem(name, name + " must be a positive duration such as 10s, 500ms or 2m"));
            }
        }
        if (positiveInt(values.get(GcsConnectorFactory.MAX_ATTEMPTS)).isEmpty()) {
            problems.add(new SettingProblem(GcsConnectorFactory.MAX_ATTEMPTS,
                    GcsConnectorFactory.MAX_ATTEMPTS + " must be a whole number >= 1 (1 turns retries off)"));
        }
        return problems;
    }

    boolean hasServiceAccountKey() {
        return serviceAccountKey != null;
    }

    boolean hasHmacKeys() {
        return hmacAccessId != null;
    }

    @Override
    public String toString() {
        // Credentials stay out: this may end up in a log line.
        String credentials = hasServiceAccountKey() ? "service account <masked>"
                : hasHmacKeys() ? "HMAC <masked>"
                : endpoint != null ? "none" : "application default";
        return "GcsSettings[credentials=" + credentials + ", endpoint=" + endpoint + ", projectId=" + projectId + "]";
    }

    /** Tinybird projects write {@code tb_secret("KEY", "{}")} for "no key here"; an empty object is no key. */
    private static String serviceAccountKey(String value) {
        String key = orNull(value);
        return key == null || key.replaceAll("\\s", "").equals("{}") ? null : key;
    }
}
