package dev.pipit.plugin.gcs;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.config.SettingProblem;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The settings of one GCS connection, parsed. Built only from settings that their declarations and {@link #problems}
 * found nothing wrong with, so parsing here never fails on user input.
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
                serviceAccountKey(values),
                GcsConnectorFactory.HMAC_ACCESS_ID.valueIn(values),
                GcsConnectorFactory.HMAC_SECRET.valueIn(values),
                GcsConnectorFactory.ENDPOINT.valueIn(values),
                GcsConnectorFactory.PROJECT_ID.valueIn(values),
                GcsConnectorFactory.CONNECT_TIMEOUT.valueIn(values),
                GcsConnectorFactory.READ_TIMEOUT.valueIn(values),
                GcsConnectorFactory.MAX_ATTEMPTS.valueIn(values));
    }

    /**
     * What is wrong with settings that each passed their declaration (which checked types, URLs and ranges);
     * messages name settings, never values.
     */
    static List<SettingProblem> problems(Map<String, String> values) {
        List<SettingProblem> problems = new ArrayList<>();
        boolean hasId = GcsConnectorFactory.HMAC_ACCESS_ID.valueIn(values) != null;
        boolean hasSecret = GcsConnectorFactory.HMAC_SECRET.valueIn(values) != null;
        if (hasId != hasSecret) {
            String missing = (hasId ? GcsConnectorFactory.HMAC_SECRET : GcsConnectorFactory.HMAC_ACCESS_ID).name();
            problems.add(new SettingProblem(
                    (hasId ? GcsConnectorFactory.HMAC_ACCESS_ID : GcsConnectorFactory.HMAC_SECRET).name(),
                    "GCS_HMAC_ACCESS_ID and GCS_HMAC_SECRET go together: set " + missing + " too, or neither"));
        }
        if (hasId && serviceAccountKey(values) != null) {
            problems.add(new SettingProblem(GcsConnectorFactory.HMAC_ACCESS_ID.name(), "choose one way to "
                    + "authenticate: GCS_SERVICE_ACCOUNT_CREDENTIALS_JSON or the GCS_HMAC_* pair"));
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
    private static String serviceAccountKey(Map<String, String> values) {
        String key = GcsConnectorFactory.SERVICE_ACCOUNT_JSON.valueIn(values);
        return key == null || key.replaceAll("\\s", "").equals("{}") ? null : key;
    }
}
