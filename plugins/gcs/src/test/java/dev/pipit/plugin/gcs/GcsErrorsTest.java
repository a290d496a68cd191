package dev.pipit.plugin.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.storage.StorageException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** The statuses the emulator never answers with: it checks no permissions and throttles nothing. */
class GcsErrorsTest {
    private final GcsErrors errors = new GcsErrors("landing_gcs");

    @Test
    void aMissingBucketIsFileNotFound() {
        IOException error = errors.listingFailed(new StorageException(404, "The specified bucket does not exist."),
                "gs://bkt/in/");

        assertThat(error).isInstanceOf(FileNotFoundException.class)
                .hasMessage("connection 'landing_gcs': the bucket of gs://bkt/in/ does not exist");
    }

    @Test
    void aForbiddenListingSaysWhichPermissionsReadingNeedsWithoutGoogleText() {
        IOException error = errors.listingFailed(new StorageException(403,
                "reader@acme.iam.gserviceaccount.com does not have storage.objects.list access"), "gs://bkt/in/");

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
