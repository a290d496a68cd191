package dev.pipit.plugin.gcs;

import dev.pipit.plugin.s3.S3ApiNaming;
import dev.pipit.plugin.s3.S3ApiStores;
import dev.pipit.spi.connector.ObjectStore;
import java.util.Map;

/**
 * GCS with HMAC keys: its S3-compatible XML API, read by the S3 plugin's store, so that ListObjectsV2 paging,
 * ranged GETs, SigV4 signing, retries and error handling exist once. Messages still speak GCS: {@code gs://} and
 * the {@code GCS_HMAC_*} settings. The ledger's ETag of these objects is the XML API's ETag, not the generation.
 */
final class GcsXmlApi {
    static final String XML_API_ENDPOINT = "https://storage.googleapis.com";

    private static final S3ApiNaming NAMING = new S3ApiNaming("gs", "GCS",
            "GCS_HMAC_ACCESS_ID / GCS_HMAC_SECRET and the key's service account permissions");

    private GcsXmlApi() {}

    static ObjectStore open(String connectionName, GcsSettings settings) {
        return S3ApiStores.open(connectionName, s3Settings(settings), NAMING);
    }

    /** The {@code TYPE s3} settings that reach GCS's XML API with the connection's HMAC pair. */
    static Map<String, String> s3Settings(GcsSettings settings) {
        return Map.of(
                // GCS has no S3 regions; it accepts "auto" as the SigV4 region of any bucket.
                "S3_REGION", "auto",
                "S3_ACCESS_KEY", settings.hmacAccessId(),
                "S3_SECRET", settings.hmacSecret(),
                "S3_ENDPOINT", settings.endpoint() == null ? XML_API_ENDPOINT : settings.endpoint().toString(),
                // storage.googleapis.com/BUCKET works for every bucket name, dots included, and so do emulators.
                "S3_PATH_STYLE", "true",
                "S3_CONNECT_TIMEOUT", settings.connectTimeout().toMillis() + "ms",
                "S3_READ_TIMEOUT", settings.readTimeout().toMillis() + "ms",
                "S3_MAX_ATTEMPTS", Integer.toString(settings.maxAttempts()));
    }
}
