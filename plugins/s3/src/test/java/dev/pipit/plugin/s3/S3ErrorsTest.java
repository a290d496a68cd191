package dev.pipit.plugin.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.spi.error.RetriableException;
import java.io.FileNotFoundException;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3ErrorsTest {
    private final S3Errors errors = new S3Errors("landing_s3", S3ApiNaming.S3);

    @Test
    void aMissingKeyIsFileNotFound() {
        IOException error = errors.translate(s3Error(404, "NoSuchKey"), "s3://bkt/a.csv");

        assertThat(error).isInstanceOf(FileNotFoundException.class)
                .hasMessage("connection 'landing_s3': s3://bkt/a.csv does not exist (any more)");
    }

    @Test
    void aWrongRegionSaysToCheckTheRegion() {
        IOException error = errors.translate(s3Error(301, "PermanentRedirect"), "s3://bkt/in/");

        assertThat(error).hasMessageStartingWith("connection 'landing_s3': the bucket of s3://bkt/in/ is in another "
                + "region (check S3_REGION)");
    }

    @Test
    void aServerErrorKeepsCodeStatusAndRequestId() {
        IOException error = errors.translate(s3Error(503, "SlowDown"), "s3://bkt/in/");

        assertThat(error).hasMessage("connection 'landing_s3': S3 request for s3://bkt/in/ failed: S3 answered "
                + "SlowDown (HTTP 503), request id req-1");
    }

    @Test
    void anAnswerWithoutAnErrorCodeIsStillDescribed() {
        IOException error = errors.translate(s3Error(500, null), "s3://bkt/out/part.csv");

        assertThat(error).isInstanceOf(RetriableException.class).hasMessage("connection 'landing_s3': S3 request for "
                + "s3://bkt/out/part.csv failed: S3 answered an error (HTTP 500), request id req-1");
    }

    @Test
    void noCredentialsAnywhereSaysWhereToPutThem() {
        SdkClientException chain = SdkClientException.create("Unable to load credentials from any of the providers "
                + "in the chain");

        assertThat(errors.translate(chain, "s3://bkt/in/"))
                .hasMessageStartingWith("connection 'landing_s3': no AWS credentials found for s3://bkt/in/: set "
                        + "S3_ACCESS_KEY and S3_SECRET");
    }

    private static S3Exception s3Error(int status, String code) {
        return (S3Exception) S3Exception.builder()
                .statusCode(status)
                .requestId("req-1")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("from S3").build())
                .build();
    }
}
