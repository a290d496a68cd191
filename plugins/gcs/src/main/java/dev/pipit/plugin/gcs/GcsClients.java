package dev.pipit.plugin.gcs;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.HttpStorageOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Builds the JSON API client of one connection from its settings: credentials, endpoint, project, transport
 * timeouts and the client's retry settings.
 */
final class GcsClients {
    /** Imports only list and read; a key with wider roles still gets a read-only token for them. */
    private static final List<String> READ_ONLY = List.of("https://www.googleapis.com/auth/devstorage.read_only");
    /** Sinks write, and so they alone ask for a token that may. */
    private static final List<String> READ_WRITE = List.of("https://www.googleapis.com/auth/devstorage.read_write");

    private GcsClients() {}

    /**
     * @throws UncheckedIOException naming the connection and the setting to check, when the credentials cannot be
     *     loaded; the message never holds the key or the library's message, which may quote it
     */
    static Storage connect(String connectionName, GcsSettings settings) {
        return connect(connectionName, settings, READ_ONLY);
    }

    /** A client whose token may also write objects, for sinks. */
    static Storage connectForWrites(String connectionName, GcsSettings settings) {
        return connect(connectionName, settings, READ_WRITE);
    }

    private static Storage connect(String connectionName, GcsSettings settings, List<String> scopes) {
        HttpStorageOptions.Builder options = StorageOptions.http()
                .setCredentials(credentials(connectionName, settings, scopes))
                .setTransportOptions(HttpTransportOptions.newBuilder()
                        .setConnectTimeout(Math.toIntExact(settings.connectTimeout().toMillis()))
                        .setReadTimeout(Math.toIntExact(settings.readTimeout().toMillis()))
                        .build())
                // Google's defaults (exponential backoff with jitter on 408, 429, 5xx and broken connections),
                // with the number of attempts the connection asks for.
                .setRetrySettings(StorageOptions.getDefaultRetrySettings().toBuilder()
                        .setMaxAttempts(settings.maxAttempts())
                        .build());
        if (settings.endpoint() != null) {
            options.setHost(settings.endpoint().toString());
        }
        if (settings.projectId() != null) {
            options.setProjectId(settings.projectId());
        }
        return options.build().getService();
    }

    private static Credentials credentials(String connectionName, GcsSettings settings, List<String> scopes) {
        String prefix = "connection '" + connectionName + "': ";
        if (settings.hasServiceAccountKey()) {
            try {
                return ServiceAccountCredentials.fromStream(
                        new ByteArrayInputStream(settings.serviceAccountKey().getBytes(UTF_8))).createScoped(scopes);
            } catch (IOException | RuntimeException e) {
                // Not chained: the parser's message may quote the key.
                throw new UncheckedIOException(new IOException(prefix + GcsConnectorFactory.SERVICE_ACCOUNT_JSON.name()
                        + " is not a service account key: paste the whole JSON key file, with its type, "
                        + "client_email and private_key"));
            }
        }
        if (settings.endpoint() != null) {
            // Emulators take no credentials, and asking for application default ones would fail without gcloud.
            return NoCredentials.getInstance();
        }
        try {
            return GoogleCredentials.getApplicationDefault().createScoped(scopes);
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException(prefix + "no Google application default credentials "
                    + "found: set " + GcsConnectorFactory.SERVICE_ACCOUNT_JSON.name() + ", or give the daemon credentials "
                    + "through GOOGLE_APPLICATION_CREDENTIALS, `gcloud auth application-default login` or the "
                    + "instance's service account", e));
        }
    }
}
