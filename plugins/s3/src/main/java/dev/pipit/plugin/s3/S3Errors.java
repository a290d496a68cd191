package dev.pipit.plugin.s3;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.error.ConfigurationException;
import dev.pipit.spi.error.RetriableException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The one place where the AWS SDK's unchecked exceptions become the {@link IOException}s the SPI promises, with a
 * message that names the connection and the object and says what to check.
 *
 * <p>Messages are built from S3's error code and Pipit's own words, never from request details: S3's error
 * documents can echo the access key id, and a message ends up in logs, the ledger and run history.
 *
 * <p>Each failure gets its category: refused credentials, a role that cannot be assumed and a wrong region are
 * {@link ConfigurationException}s; an unreachable endpoint, throttling and 5xx answers (after the SDK's own
 * retries) are {@link RetriableException}s.
 */
final class S3Errors {
    /** Codes S3 answers with when the credentials, not the request, are wrong. */
    private static final Set<String> CREDENTIAL_CODES = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch",
            "InvalidToken", "ExpiredToken", "TokenRefreshRequired", "InvalidSecurity");

    private final String connectionName;
    private final S3ApiNaming naming;

    S3Errors(String connectionName, S3ApiNaming naming) {
        this.connectionName = requireNonNull(connectionName, "connectionName is null");
        this.naming = requireNonNull(naming, "naming is null");
    }

    /**
     * A listing's failure. A bucket that does not exist is a {@link ConfigurationException} here, unlike a missing
     * object elsewhere: every run would fail alike until the URI or the connection changes.
     *
     * @param location the listed prefix as users write it: {@code s3://bkt/prefix}
     */
    IOException listingFailed(SdkException error, String bucket, String location) {
        if (error instanceof AwsServiceException service && (service.statusCode() == 404
                || "NoSuchBucket".equals(service.awsErrorDetails() == null ? null
                        : service.awsErrorDetails().errorCode()))) {
            return new ConfigurationException(prefix() + "bucket '" + bucket + "' does not exist (listing " + location
                    + "; check the bucket in the data source's URI, and the connection's region and endpoint: the "
                    + "bucket is looked for there)", error);
        }
        return translate(error, location);
    }

    /**
     * @param location what the request was about, as users write it: {@code s3://bkt/prefix} or {@code s3://bkt/key}
     * @return the exception to throw; a {@link FileNotFoundException} when the object or bucket does not exist
     */
    IOException translate(SdkException error, String location) {
        StsException sts = stsCause(error);
        if (sts != null) {
            return new ConfigurationException(prefix() + "could not assume the role for " + location + ": STS answered "
                    + describe(sts) + " (check S3_ARN, S3_EXTERNAL_ID and the role's trust policy)", error);
        }
        if (error instanceof AwsServiceException service) {
            return translateService(service, location);
        }
        if (error instanceof SdkClientException && isMissingCredentials(error)) {
            return new ConfigurationException(prefix() + "no AWS credentials found for " + location + ": set S3_ACCESS_KEY and "
                    + "S3_SECRET, or give the daemon credentials through the AWS default chain (environment, "
                    + "~/.aws/credentials, instance or container role)", error);
        }
        return new RetriableException(prefix() + "cannot reach " + naming.service() + " for " + location + ": "
                + error.getMessage(), error);
    }

    private IOException translateService(AwsServiceException error, String location) {
        String code = error.awsErrorDetails() == null ? null : error.awsErrorDetails().errorCode();
        int status = error.statusCode();
        if (status == 404 || "NoSuchKey".equals(code) || "NoSuchBucket".equals(code)) {
            String what = "NoSuchBucket".equals(code) ? "the bucket of " + location + " does not exist"
                    : location + " does not exist (any more)";
            FileNotFoundException missing = new FileNotFoundException(prefix() + what);
            missing.initCause(error);
            return missing;
        }
        if (status == 403 || code != null && CREDENTIAL_CODES.contains(code)) {
            return new ConfigurationException(prefix() + "access denied to " + location + " (check " + naming.credentialsHint()
                    + "): " + naming.service() + " answered " + describe(error), error);
        }
        if (status == 301 || "PermanentRedirect".equals(code) || "AuthorizationHeaderMalformed".equals(code)) {
            return new ConfigurationException(prefix() + "the bucket of " + location + " is in another region (check S3_REGION): "
                    + naming.service() + " answered " + describe(error), error);
        }
        String message = prefix() + naming.service() + " request for " + location + " failed: "
                + naming.service() + " answered " + describe(error)
                + (error.requestId() == null ? "" : ", request id " + error.requestId());
        return error.isThrottlingException() || status >= 500
                ? new RetriableException(message, error)
                : new IOException(message, error);
    }

    private String prefix() {
        return "connection '" + connectionName + "': ";
    }

    /** The error code and HTTP status, without S3's free-text message, which may quote the request. */
    private static String describe(AwsServiceException error) {
        String code = error.awsErrorDetails() == null ? null : error.awsErrorDetails().errorCode();
        return (code == null ? "an error" : code) + " (HTTP " + error.statusCode() + ")";
    }

    /** STS failures reach an S3 call wrapped, because credentials are resolved inside the S3 request. */
    private static StsException stsCause(Throwable error) {
        for (Throwable cause = error; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof StsException sts) {
                return sts;
            }
        }
        return null;
    }

    /** The SDK reports an empty credentials chain as a client exception; only its message tells it apart. */
    private static boolean isMissingCredentials(Throwable error) {
        return error.getMessage() != null && error.getMessage().startsWith("Unable to load credentials");
    }
}
