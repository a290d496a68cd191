package dev.pipit.plugin.gcs;

import dev.pipit.spi.PluginVersion;
import dev.pipit.spi.config.SettingProblem;
import dev.pipit.spi.config.SettingSpec;
import dev.pipit.spi.config.SettingValidator;
import dev.pipit.spi.config.SettingsSpec;
import dev.pipit.spi.connector.ConnectorContext;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.connector.ConnectorKind;
import dev.pipit.spi.connector.ObjectStore;
import dev.pipit.spi.connector.StoreOperation;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code gcs} connection type. With a service account key, or no key for the application default credentials
 * (or, with {@code GCS_ENDPOINT}, no credentials at all, for emulators), it is read through Google's JSON API
 * client. HMAC keys only work with GCS's S3-compatible XML API, so those connections are read by the S3 plugin's
 * code ({@link GcsXmlApi}).
 */
final class GcsConnectorFactory implements ConnectorFactory {
    static final SettingSpec<String> SERVICE_ACCOUNT_JSON = SettingSpec.string("GCS_SERVICE_ACCOUNT_CREDENTIALS_JSON")
            .secret().suggested()
            .doc("The whole JSON key of a service account; without it the application default credentials are "
                    + "used, or none when GCS_ENDPOINT is set.").build();
    static final SettingSpec<String> HMAC_ACCESS_ID = SettingSpec.string("GCS_HMAC_ACCESS_ID").secret()
            .doc("HMAC access id, for GCS's S3-compatible XML API.").build();
    static final SettingSpec<String> HMAC_SECRET = SettingSpec.string("GCS_HMAC_SECRET").secret()
            .doc("HMAC secret that goes with GCS_HMAC_ACCESS_ID.").build();
    static final SettingSpec<URI> ENDPOINT = SettingSpec.httpUrl("GCS_ENDPOINT").flag("endpoint")
            .doc("URL of an emulator or private endpoint; without a key, no credentials are sent "
                    + "(Pipit extension).").build();
    static final SettingSpec<String> PROJECT_ID = SettingSpec.string("GCS_PROJECT_ID")
            .doc("Google Cloud project id, when neither the key nor the environment names one "
                    + "(Pipit extension).").build();
    static final SettingSpec<Duration> CONNECT_TIMEOUT = SettingSpec.duration("GCS_CONNECT_TIMEOUT")
            .defaultValue("10s").doc("How long to wait for a connection to GCS, e.g. 10s (Pipit extension).").build();
    static final SettingSpec<Duration> READ_TIMEOUT = SettingSpec.duration("GCS_READ_TIMEOUT").defaultValue("60s")
            .doc("How long a read may wait for the next bytes from GCS, e.g. 60s (Pipit extension).").build();
    static final SettingSpec<Integer> MAX_ATTEMPTS = SettingSpec.integer("GCS_MAX_ATTEMPTS").defaultValue("3")
            .validator(new SettingValidator<>("a whole number >= 1 (1 turns retries off)", attempts -> attempts >= 1))
            .doc("Attempts per request, with backoff, on throttling, 5xx answers and broken connections; 1 turns "
                    + "retries off (Pipit extension).").build();

    private static final SettingsSpec SETTINGS = SettingsSpec.of(SERVICE_ACCOUNT_JSON, HMAC_ACCESS_ID, HMAC_SECRET,
            ENDPOINT, PROJECT_ID, CONNECT_TIMEOUT, READ_TIMEOUT, MAX_ATTEMPTS);

    @Override
    public String type() {
        return "gcs";
    }

    @Override
    public String version() {
        return PluginVersion.of(GcsConnectorFactory.class);
    }

    @Override
    public String readPermissions() {
        return "storage.objects.list and storage.objects.get on the bucket (roles/storage.objectViewer)";
    }

    /** Both the JSON API's store and the XML API's (the S3 plugin's) delete and copy. */
    @Override
    public Set<StoreOperation> storeOperations() {
        return EnumSet.allOf(StoreOperation.class);
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
    public List<String> uriSchemes() {
        return List.of("gs");
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
