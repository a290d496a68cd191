package dev.pipit.plugin.azure;

import static java.util.Objects.requireNonNull;

import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import dev.pipit.spi.error.ConfigurationException;
import dev.pipit.spi.error.RetriableException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

/**
 * The one place where the SDK's unchecked exceptions become the {@link IOException}s the SPI promises, with a
 * message that names the connection and the object and says what to check, and a type that says what kind of
 * failure it is: refused credentials and unknown accounts or containers are configuration, throttling, 5xx
 * answers and network failures (after the SDK's own retries) retriable, missing blobs not found.
 *
 * <p>Messages are built from the HTTP status, Azure's error code and Pipit's own words, never from Azure's free
 * text, which quotes the string the request was signed with.
 */
final class AzureErrors {
    private static final int NOT_FOUND = 404;
    private static final int PRECONDITION_FAILED = 412;

    private final String connectionName;
    private final String credentialSetting;

    /** @param credentialSetting the setting that holds the connection's credential, named where access is denied */
    AzureErrors(String connectionName, String credentialSetting) {
        this.connectionName = requireNonNull(connectionName, "connectionName is null");
        this.credentialSetting = requireNonNull(credentialSetting, "credentialSetting is null");
    }

    /** @param location the listed prefix as users write it: {@code az://container/prefix} */
    IOException listingFailed(RuntimeException error, String container, String location) {
        if (error instanceof BlobStorageException storage && storage.getStatusCode() == NOT_FOUND) {
            return new ConfigurationException(prefix() + "container '" + container + "' does not exist (listing "
                    + location + "; check the container in the data source's URI, and the connection's storage "
                    + "account: the container is looked for there)", storage);
        }
        return translate(error, location);
    }

    /** A URI that names another storage account than the one the connection reads. */
    ConfigurationException otherAccount(String location, String uriAccount, String connectionAccount) {
        return new ConfigurationException(prefix() + location + " is in storage account " + uriAccount
                + ", but the connection reads account " + connectionAccount + " (write az://container/... or use "
                + "a connection of account " + uriAccount + ")");
    }

    /** @param location the object as users write it: {@code az://container/key} */
    IOException readFailed(RuntimeException error, String location) {
        if (error instanceof BlobStorageException storage && storage.getStatusCode() == NOT_FOUND) {
            return notFound(BlobErrorCode.CONTAINER_NOT_FOUND.equals(storage.getErrorCode())
                    ? "the container of " + location + " does not exist"
                    : location + " does not exist (any more)", storage);
        }
        if (isVersionMismatch(error)) {
            // A block after the first one asked for the ETag the first one had.
            return notFound(location + " was replaced or deleted while it was read", (BlobStorageException) error);
        }
        return translate(error, location);
    }

    /**
     * A read of the listed ETag that Azure refused ({@link #isVersionMismatch}): the blob is gone, or it was
     * overwritten since and the next listing has the new version.
     */
    FileNotFoundException versionGone(BlobStorageException error, String location, boolean stillExists) {
        return notFound(stillExists ? location + " was replaced after it was listed"
                : location + " does not exist (any more)", error);
    }

    /** Whether Azure refused a read because the blob no longer has the ETag it was asked for. */
    static boolean isVersionMismatch(RuntimeException error) {
        return error instanceof BlobStorageException storage && storage.getStatusCode() == PRECONDITION_FAILED;
    }

    /** A read that broke off after it started, outside the SDK's own retries. */
    IOException readFailed(IOException error, String location) {
        RuntimeException sdk = sdkCause(error);
        if (sdk != null) {
            return readFailed(sdk, location);
        }
        return new RetriableException(prefix() + "reading " + location + " failed: " + describe(error), error);
    }

    /** @param location the blob being written, as users write it: {@code az://container/key} */
    IOException writeFailed(RuntimeException error, String location) {
        if (error instanceof BlobStorageException storage) {
            int status = storage.getStatusCode();
            if (status == NOT_FOUND) {
                return new ConfigurationException(prefix() + "the container of " + location + " does not exist",
                        storage);
            }
            if (status == 401 || status == 403) {
                return new ConfigurationException(prefix() + "access denied writing " + location + " (check "
                        + credentialSetting + ": does it allow writing blobs to the container? A SAS token needs the "
                        + "w permission): Azure answered " + describe(storage), storage);
            }
        }
        return translate(error, location);
    }

    private IOException translate(RuntimeException error, String location) {
        if (error instanceof BlobStorageException storage) {
            int status = storage.getStatusCode();
            if (status == 401 || status == 403) {
                return new ConfigurationException(prefix() + "access denied to " + location + " (check "
                        + credentialSetting + ": is it valid and not expired, and does it allow listing and reading "
                        + "the container?): Azure answered " + describe(storage), storage);
            }
            String message = prefix() + "Azure request for " + location + " failed: Azure answered "
                    + describe(storage);
            return status == 408 || status == 429 || status >= 500
                    ? new RetriableException(message, storage) : new IOException(message, storage);
        }
        Throwable cause = networkCause(error);
        if (cause instanceof UnknownHostException) {
            return new ConfigurationException(prefix() + "cannot reach Azure for " + location + ": unknown host "
                    + cause.getMessage() + " (check AZURE_STORAGE_ACCOUNT or AZURE_ENDPOINT)", error);
        }
        if (cause != null) {
            return new RetriableException(prefix() + "cannot reach Azure for " + location + ": " + describe(cause),
                    error);
        }
        return new IOException(prefix() + "Azure request for " + location + " failed: " + describe(error), error);
    }

    private FileNotFoundException notFound(String what, BlobStorageException error) {
        FileNotFoundException missing = new FileNotFoundException(prefix() + what);
        missing.initCause(error);
        return missing;
    }

    private String prefix() {
        return "connection '" + connectionName + "': ";
    }

    /** Azure's error code and the HTTP status, without the free text. */
    private static String describe(BlobStorageException error) {
        return (error.getErrorCode() == null ? "an error" : error.getErrorCode().toString())
                + " (HTTP " + error.getStatusCode() + ")";
    }

    private static String describe(Throwable error) {
        return error.getMessage() == null || error.getMessage().isBlank()
                ? error.getClass().getSimpleName() : error.getClass().getSimpleName() + ": " + error.getMessage();
    }

    /** The SDK's exception inside an {@link IOException} that a blob stream's read threw. */
    private static RuntimeException sdkCause(Throwable error) {
        for (Throwable cause = error; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof BlobStorageException storage) {
                return storage;
            }
        }
        return null;
    }

    /**
     * The network failure inside a client exception: the SDK wraps it in {@link UncheckedIOException} or Reactor's
     * exceptions, the JDK client in {@link IOException}s whose own message is often empty.
     */
    private static Throwable networkCause(Throwable error) {
        Throwable found = null;
        for (Throwable cause = error; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof UnknownHostException || cause instanceof HttpTimeoutException
                    || cause instanceof TimeoutException) {
                return cause;
            }
            if (cause instanceof IOException && found == null) {
                found = cause;
            }
        }
        return found;
    }
}
