package dev.pipit.plugin.gcs;

import dev.pipit.spi.PluginVersion;
import dev.pipit.spi.config.SettingProblem;
import dev.pipit.spi.config.SettingsSpec;
import dev.pipit.spi.connector.ConnectorContext;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.connector.ConnectorKind;
import dev.pipit.spi.connector.ObjectStore;
import java.util.List;
import java.util.Map;

/**
 * The {@code gcs} connection type. With a service account key, or no key for the application default credentials
 * (or, with {@code GCS_ENDPOINT}, no credentials at all, for emulators), it is read through Google's JSON API
 * client. HMAC keys only work with GCS's S3-compatible XML API, so those connections are read by the S3 plugin's
 * code ({@link GcsXmlApi}).
 */
final class GcsConnectorFactory implements ConnectorFactory {
    static final String SERVICE_ACCOUNT_JSON = "GCS_SERVICE_ACCOUNT_CREDENTIALS_JSON";
    static final String HMAC_ACCESS_ID = "GCS_HMAC_ACCESS_ID";
    static final String HMAC_SECRET = "GCS_HMAC_SECRET";
    static final String ENDPOINT = "GCS_ENDPOINT";
    static final String PROJECT_ID = "GCS_PROJECT_ID";
    static final String CONNECT_TIMEOUT = "GCS_CONNECT_TIMEOUT";
    static final String READ_TIMEOUT = "GCS_READ_TIMEOUT";
    static final String MAX_ATTEMPTS = "GCS_MAX_ATTEMPTS";

    private static final SettingsSpec SETTINGS = SettingsSpec.builder()
            .secret(SERVICE_ACCOUNT_JSON, "The whole JSON key of a service account; without it the application "
                    + "default credentials are used, or none when GCS_ENDPOINT is set.")
            .secret(HMAC_ACCESS_ID, "HMAC access id, for GCS's S3-compatible XML API.")
            .secret(HMAC_SECRET, "HMAC secret that goes with GCS_HMAC_ACCESS_ID.")
            .optional(ENDPOINT, null, "URL of an emulator or private endpoint; without a key, no credentials are "
                    + "sent (Pipit extension).")
            .optional(PROJECT_ID, null, "Google Cloud project id, when neither the key nor the environment names "
                    + "one (Pipit extension).")
            .optional(CONNECT_TIMEOUT, "10s", "How long to wait for a connection to GCS, e.g. 10s "
                    + "(Pipit extension).")
            .optional(READ_TIMEOUT, "60s", "How long a read may wait for the next bytes from GCS, e.g. 60s "
                    + "(Pipit extension).")
            .optional(MAX_ATTEMPTS, "3", "Attempts per request, with backoff, on throttling, 5xx answers and "
                    + "broken connections; 1 turns retries off (Pipit extension).")
            .build();

    @Override
    public String type() {
        return "gcs";
    }

    @Override
    public String version() {
        return PluginVersion.of(GcsConnectorFactory.class);
    }

    @Override
    public ConnectorKind kind() {
        return ConnectorKind.OBJECT_STORE;
    }

    @Override
    public SettingsSpec settings() {
        return SETTINGS;
    }

    @Override
    public List<SettingProblem> validate(Map<String, String> values) {
        return GcsSettings.problems(values);
    }

    @Override
    public ObjectStore openObjectStore(ConnectorContext context) {
        GcsSettings settings = GcsSettings.parse(context.settings());
        return settings.hasHmacKeys()
                ? GcsXmlApi.open(context.connectionName(), settings)
                : GcsObjectStore.open(context.connectionName(), settings);
    }
}
