package dev.pipit.plugin.gcs;

import dev.pipit.spi.PluginVersion;
import dev.pipit.spi.config.SettingProblem;
import dev.pipit.spi.config.SettingsSpec;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.connector.ConnectorKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code gcs} connection type: a service account key, an HMAC key pair, or neither (application default
 * credentials). Listing and reading arrive with the GCS connector issue; this factory declares and checks the
 * settings.
 */
final class GcsConnectorFactory implements ConnectorFactory {
    static final String SERVICE_ACCOUNT_JSON = "GCS_SERVICE_ACCOUNT_CREDENTIALS_JSON";
    static final String HMAC_ACCESS_ID = "GCS_HMAC_ACCESS_ID";
    static final String HMAC_SECRET = "GCS_HMAC_SECRET";
    static final String ENDPOINT = "GCS_ENDPOINT";
    static final String PROJECT_ID = "GCS_PROJECT_ID";

    private static final SettingsSpec SETTINGS = SettingsSpec.builder()
            .secret(SERVICE_ACCOUNT_JSON, "The whole JSON key of a service account.")
            .secret(HMAC_ACCESS_ID, "HMAC access id, for the interoperable XML API.")
            .secret(HMAC_SECRET, "HMAC secret that goes with GCS_HMAC_ACCESS_ID.")
            .optional(ENDPOINT, null, "URL of an emulator or private endpoint (Pipit extension).")
            .optional(PROJECT_ID, null, "Google Cloud project id (Pipit extension).")
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
        List<SettingProblem> problems = new ArrayList<>();
        boolean hasId = isSet(values.get(HMAC_ACCESS_ID));
        boolean hasSecret = isSet(values.get(HMAC_SECRET));
        if (hasId != hasSecret) {
            problems.add(new SettingProblem(hasId ? HMAC_ACCESS_ID : HMAC_SECRET,
                    "GCS_HMAC_ACCESS_ID and GCS_HMAC_SECRET go together: set " + (hasId ? HMAC_SECRET : HMAC_ACCESS_ID)
                            + " too, or neither"));
        }
        if (hasId && isServiceAccountKey(values.get(SERVICE_ACCOUNT_JSON))) {
            problems.add(new SettingProblem(HMAC_ACCESS_ID,
                    "choose one way to authenticate: GCS_SERVICE_ACCOUNT_CREDENTIALS_JSON or the GCS_HMAC_* pair"));
        }
        return problems;
    }

    private static boolean isSet(String value) {
        return value != null && !value.isEmpty();
    }

    /** Tinybird projects write {@code tb_secret("KEY", "{}")} for "no key here"; an empty object is no key. */
    private static boolean isServiceAccountKey(String value) {
        return isSet(value) && !value.replaceAll("\\s", "").equals("{}");
    }
}
