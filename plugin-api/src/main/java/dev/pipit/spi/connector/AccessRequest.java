package dev.pipit.spi.connector;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * What {@code connection create --policy} asks a connector for: the documents that let a connection's identity
 * use one bucket.
 *
 * @param bucket the bucket the documents are for
 * @param access whether the connection only reads the bucket or also writes to it (a sink)
 * @param settings the connection's non-secret settings by key, such as a role's external id
 * @param principal who Pipit runs as, for documents that name it (a placeholder unless the user gave one)
 * @param queue the notification queue the bucket's events go to, as {@code IMPORT_NOTIFICATIONS} names it
 *     ({@link ConnectorFactory#notificationQueue}), or {@code null} when the connection only lists
 */
public record AccessRequest(String bucket, Access access, Map<String, String> settings, String principal,
        String queue) {
    /** How the connection uses the bucket. */
    public enum Access { READ, WRITE }

    public AccessRequest {
        requireNonNull(bucket, "bucket is null");
        requireNonNull(access, "access is null");
        settings = Map.copyOf(requireNonNull(settings, "settings is null"));
        requireNonNull(principal, "principal is null");
    }

    /** A request for a connection that only lists the bucket. */
    public AccessRequest(String bucket, Access access, Map<String, String> settings, String principal) {
        this(bucket, access, settings, principal, null);
    }
}
