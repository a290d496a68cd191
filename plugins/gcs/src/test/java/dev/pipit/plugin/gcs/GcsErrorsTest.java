package dev.pipit.plugin.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.storage.StorageException;
import dev.pipit.spi.error.ConfigurationException;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** The statuses the emulator never answers with: it checks no permissions and throttles nothing. */
class GcsErrorsTest {
    private final GcsErrors errors = new GcsErrors("landing_gcs");

    @Test
    void aMissingBucketIsAConfigurationErrorNamingIt() {
        IOException error = errors.listingFailed(new StorageException(404, "The specified bucket does not exist."),
                "bkt", "gs://bkt/in/");

        assertThat(error).isInstanceOf(ConfigurationException.class)
                .hasMessage("connection 'landing_gcs': bucket 'bkt' does not exist (listing gs://bkt/in/; check the "
                        + "bucket in the data source's URI: GCS bucket names are global)");
    }

    @Test
    void aForbiddenListingSaysWhichPermissionsReadingNeedsWithoutGoogleText() {
        IOException error = errors.listingFailed(new StorageException(403,
                "reader@acme.iam.gserviceaccount.com does not have storage.objects.list access"), "bkt", "gs://bkt/in/");

        assertThat(error).hasMessage("connection 'landing_gcs': access denied to gs://bkt/in/ (check "
                + "GCS_SERVICE_ACCOUNT_CREDENTIALS_JSON or the bucket's IAM permissions; reading needs "
                + "storage.objects.list and storage.objects.get): GCS answered an error (HTTP 403)");
    }

    @Test
    void aServerErrorKeepsItsReasonAndStatus() {
        IOException error = errors.readFailed(new StorageException(503, "Backend Error", "backendError", null),
                "gs://bkt/a.csv");

        assertThat(error).hasMessage("connection 'landing_gcs': GCS request for gs://bkt/a.csv failed: GCS answered "
                + "backendError (HTTP 503)");
    }

    @Test
    void aBrokenReadNamesConnectionAndObject() {
        IOException error = errors.readFailed(new ConnectException("Connection reset"), "gs://bkt/a.csv");

        assertThat(error).hasMessage("connection 'landing_gcs': reading gs://bkt/a.csv failed: Connection reset");
    }
}
