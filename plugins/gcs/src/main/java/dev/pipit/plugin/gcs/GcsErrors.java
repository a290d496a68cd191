package dev.pipit.plugin.gcs;

import static java.util.Objects.requireNonNull;

import com.google.auth.Retryable;
import com.google.cloud.BaseServiceException;
import dev.pipit.spi.error.ConfigurationException;
import dev.pipit.spi.error.RetriableException;
import java.io.FileNotFoundException;
import java.io.IOException;

/**
 * The one place where the client's unchecked {@link BaseServiceException}s become the {@link IOException}s the
 * SPI promises, with a message that names the connection and the object and says what to check.
 *
 * <p>Messages are built from the HTTP status, GCS's reason code and Pipit's own words, never from GCS's free text
 * or the token endpoint's answer: those name the service account and may quote the request.
 *
 * <p>Each failure gets its category: refused credentials and denied access are {@link ConfigurationException}s;
 * an unreachable endpoint, a broken read, throttling and 5xx answers are {@link RetriableException}s.
 */
final class GcsErrors {
    private static final int NOT_FOUND = 404;
    private static final int TOO_MANY_REQUESTS = 429;

    private final String connectionName;

    GcsErrors(String connectionName) {
        this.connectionName = requireNonNull(connectionName, "connectionName is null");
    }

    /**
     * A listing's failure. A bucket that does not exist is a {@link ConfigurationException} here, unlike a missing
     * object elsewhere: every run would fail alike until the URI or the connection changes.
     *
     * @param location the listed prefix as users write it: {@code gs://bkt/prefix}
     */
    IOException listingFailed(BaseServiceException error, String bucket, String location) {
        if (error.getCode() == NOT_FOUND) {
            return new ConfigurationException(prefix() + "bucket '" + bucket + "' does not exist (listing " + location
                    + "; check the bucket in the data source's URI: GCS bucket names are global)", error);
        }
        return translate(error, location);
    }

    /** @param location the object as users write it: {@code gs://bkt/key} */
    IOException readFailed(BaseServiceException error, String location) {
        if (error.getCode() == NOT_FOUND) {
            return notFound(location + " does not exist (any more)", error);
        }
        return translate(error, location);
    }

    /** A read that broke off after it started, outside the client's own retries. */
    IOException readFailed(IOException error, String location) {
        if (error.getCause() instanceof BaseServiceException service) {
            return readFailed(service, location);
        }
        return new RetriableException(prefix() + "reading " + location + " failed: " + error.getMessage(), error);
    }

    /** @param location the object being written, as users write it: {@code gs://bkt/key} */
    IOException writeFailed(BaseServiceException error, String location) {
        int status = error.getCode();
        if (status == NOT_FOUND) {
            return new ConfigurationException(prefix() + "the bucket of " + location + " does not exist", error);
        }
        if (status == 401 || status == 403) {
            return new ConfigurationException(prefix() + "access denied writing " + location + " (check "
                    + GcsConnectorFactory.SERVICE_ACCOUNT_JSON.name() + " or the bucket's IAM permissions; writing "
                    + "needs storage.objects.create, and storage.objects.delete to replace an object): GCS answered "
                    + describe(error), error);
        }
        return translate(error, location);
    }

    /** A write the client gave up on, outside its own retries. */
    IOException writeFailed(IOException error, String location) {
        for (Throwable cause = error; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof BaseServiceException service) {
                return writeFailed(service, location);
            }
        }
        return new RetriableException(prefix() + "writing " + location + " failed: " + error.getMessage(), error);
    }

    private IOException translate(BaseServiceException error, String location) {
        // The auth library's exceptions (GoogleAuthException is not public) are the ones marked Retryable.
        if (hasCause(error, Retryable.class)) {
            return new ConfigurationException(prefix() + "Google refused the credentials for " + location + " (check "
                    + GcsConnectorFactory.SERVICE_ACCOUNT_JSON.name() + ": is the key still valid and its service account "
                    + "enabled?)", error);
        }
        int status = error.getCode();
        if (status == 401 || status == 403) {
            return new ConfigurationException(prefix() + "access denied to " + location + " (check "
                    + GcsConnectorFactory.SERVICE_ACCOUNT_JSON.name() + " or the bucket's IAM permissions; reading needs "
                    + "storage.objects.list and storage.objects.get): GCS answered " + describe(error), error);
        }
        if (status == BaseServiceException.UNKNOWN_CODE && error.getCause() instanceof IOException io) {
            return new RetriableException(prefix() + "cannot reach GCS for " + location + ": " + io, error);
        }
        String message = prefix() + "GCS request for " + location + " failed: GCS answered " + describe(error);
        return status == TOO_MANY_REQUESTS || status >= 500
                ? new RetriableException(message, error)
                : new IOException(message, error);
    }

    private FileNotFoundException notFound(String what, BaseServiceException error) {
        FileNotFoundException missing = new FileNotFoundException(prefix() + what);
        missing.initCause(error);
        return missing;
    }

    private String prefix() {
        return "connection '" + connectionName + "': ";
    }

    private static String describe(BaseServiceException error) {
        return (error.getReason() == null ? "an error" : error.getReason()) + " (HTTP " + error.getCode() + ")";
    }

    private static boolean hasCause(Throwable error, Class<?> type) {
        for (Throwable cause = error; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
