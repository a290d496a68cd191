package dev.pipit.plugin.s3;

import dev.pipit.spi.config.SettingProblem;
import dev.pipit.spi.connector.ObjectStore;
import java.util.List;
import java.util.Map;

/**
 * Opens a store through this plugin's S3 client for another plugin whose service speaks the S3 API (GCS with HMAC
 * keys), so that listing, reading, retries and error handling exist once. That plugin bundles this plugin's
 * {@code lib} jar, which leaves out the ServiceLoader registration so that {@code s3} is not offered twice.
 */
public final class S3ApiStores {
    private S3ApiStores() {}

    /**
     * @param settings every setting of {@code TYPE s3} that matters, by its {@code S3_*} name, defaults included
     * @param naming how messages name the store and its credentials
     * @throws IllegalArgumentException if the settings break a rule of {@code TYPE s3}: a bug of the calling plugin,
     *     which derives them from settings it checked itself
     */
    public static ObjectStore open(String connectionName, Map<String, String> settings, S3ApiNaming naming) {
        List<SettingProblem> problems = S3Settings.problems(settings);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("derived S3 settings are invalid: " + problems);
        }
        return S3ObjectStore.open(connectionName, S3Settings.parse(settings), naming);
    }
}
