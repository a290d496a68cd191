package dev.pipit.spi.connector;

import dev.pipit.spi.config.SettingProblem;
import dev.pipit.spi.config.SettingsSpec;
import dev.pipit.spi.stream.RecordStream;
import dev.pipit.spi.stream.StreamField;
import dev.pipit.spi.stream.StreamRecord;
import dev.pipit.spi.stream.StreamSubscription;
import dev.pipit.spi.stream.TopicWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One connection type ({@code TYPE s3}). Stateless: the core calls every method from any thread.
 *
 * <p>The core validates a {@code .connection} file against {@link #settings()} before anything else: unknown
 * keys, missing required keys and values their declaration refuses never reach the plugin.
 *
 * <p>Errors: a store or stream says what kind of failure it met with the types of {@code dev.pipit.spi.error}
 * ({@link dev.pipit.spi.error.RetriableException} and the others); the core decides retries by them.
 */
public interface ConnectorFactory {
    /** The {@code TYPE} value, lower case. */
    String type();

    /** The plugin's version, shown at start-up; never {@code null} or empty. */
    String version();

    ConnectorKind kind();

    /** Every key a {@code .connection} file of this type may set. */
    SettingsSpec settings();

    /**
     * The {@code IMPORT_SERVICE} values that may name a connection of this type. Tinybird writes
     * {@code s3_iamrole} or {@code s3} for S3 buckets, so the S3 types accept both.
     */
    default List<String> importServices() {
        return List.of(type());
    }

    /**
     * The schemes of the {@code IMPORT_BUCKET_URI}s this connector lists, lower case ({@code s3}); empty for a
     * stream. The core refuses a data source whose URI's scheme its connection's type does not declare, so a
     * data source cannot point an S3 connection at a {@code gs://} bucket.
     */
    default List<String> uriSchemes() {
        return List.of();
    }

    /**
     * Reads an {@code IMPORT_BUCKET_URI} whose scheme is one of {@link #uriSchemes()}, when the project loads.
     * The default splits {@code scheme://bucket/key-pattern}; a store whose URIs look otherwise overrides it.
     *
     * @param projectFolder the project's folder, for stores whose URIs may be relative to it
     * @throws IllegalArgumentException with what to write instead; the core reports it at the URI's line
     */
    default BucketAddress bucketAddress(String uri, Path projectFolder) {
        return BucketAddress.split(uri);
    }

    /**
     * Checks rules that span settings, after each setting passed its declaration. Called once per connection
     * by {@code check} and before {@link #openObjectStore}.
     *
     * @param settings every declared setting with its resolved value or default; values may be secrets
     * @return the problems found, empty when there are none; messages must not contain values
     */
    default List<SettingProblem> validate(Map<String, String> settings) {
        return List.of();
    }

    /**
     * The optional operations the stores this factory opens offer ({@link ObjectStore#delete},
     * {@link ObjectStore#copy}); empty, the default, for a store that only lists and reads. {@code check} refuses an
     * {@code IMPORT_AFTER_IMPORT} action whose operations the connection's type does not declare.
     */
    default Set<StoreOperation> storeOperations() {
        return Set.of();
    }

    /**
     * Opens a bucket connection. Called by the core when an import run starts; the store is closed when it ends.
     *
     * @throws UnsupportedOperationException if this is not an {@link ConnectorKind#OBJECT_STORE} connector
     */
    default ObjectStore openObjectStore(ConnectorContext context) {
        throw new UnsupportedOperationException("connection type " + type() + " is not an object store");
    }

    /**
     * Reads an {@code IMPORT_NOTIFICATIONS} value (Pipit extension) when the project loads: the queue that tells this
     * connector's buckets' new objects. Connectors that offer notifications override it with
     * {@link #openNotifications}.
     *
     * @return the queue in one canonical form; data sources that name the same queue share one poller
     * @throws IllegalArgumentException with what to write instead; the core reports it at the setting's line
     * @throws UnsupportedOperationException if this connector has no notifications (the default)
     */
    default String notificationQueue(String value) {
        throw new UnsupportedOperationException("connection type " + type() + " has no bucket notifications");
    }

    /**
     * Opens a notification queue that {@link #notificationQueue} read, with the connection's credentials. Called
     * by the daemon once per queue; the source is closed when no data source names the queue any more.
     *
     * @throws UnsupportedOperationException if this connector has no notifications (the default)
     */
    default NotificationSource openNotifications(ConnectorContext context, String queue) {
        throw new UnsupportedOperationException("connection type " + type() + " has no bucket notifications");
    }

    /**
     * Subscribes to a topic. Called by the core when it starts consuming a data source; the stream is closed when
     * consumption stops.
     *
     * @throws UnsupportedOperationException if this is not a {@link ConnectorKind#STREAM} connector
     */
    default RecordStream openStream(ConnectorContext context, StreamSubscription subscription) {
        throw new UnsupportedOperationException("connection type " + type() + " is not a stream");
    }

    /**
     * Starts producing messages to a topic, for a sink pipe ({@code EXPORT_KAFKA_TOPIC}). The writer is closed when
     * the run ends. Producers must not duplicate a message they retry (Kafka's idempotent producer).
     *
     * @throws UnsupportedOperationException if this connector cannot produce
     * @throws dev.pipit.spi.stream.StreamException when the client cannot be created
     */
    default TopicWriter openTopicWriter(ConnectorContext context, String topic) {
        throw new UnsupportedOperationException("connection type " + type() + " cannot produce messages");
    }

    /**
     * The name of the format that decodes each message's value, one message being one record of it
     * ({@code IMPORT_FORMAT} names formats the same way); empty for an object store. The core fails a stream whose
     * format no installed plugin reads, or which has no {@link dev.pipit.spi.format.FormatFactory#recordDecoder()}.
     */
    default Optional<String> messageFormat() {
        return Optional.empty();
    }

    /**
     * The offset after the last message of every partition of a topic, for the lag {@code status} shows.
     *
     * @throws UnsupportedOperationException if this is not a {@link ConnectorKind#STREAM} connector
     * @throws dev.pipit.spi.stream.StreamException when the broker cannot be asked
     */
    default Map<Integer, Long> endOffsets(ConnectorContext context, String topic) {
        throw new UnsupportedOperationException("connection type " + type() + " is not a stream");
    }

    /**
     * The fields a topic's values declare, for a data source without {@code SCHEMA}: the top-level fields of the
     * latest schema a schema registry holds for the topic's values, each with the ClickHouse type its values take.
     * Called each time consumption starts, so a field added to the schema later becomes a new column then. Empty
     * when the values declare nothing (plain JSON): the data source then has only the meta columns.
     *
     * @throws dev.pipit.spi.stream.StreamException when the registry cannot be asked
     */
    default List<StreamField> valueFields(ConnectorContext context,
            StreamSubscription subscription) {
        return List.of();
    }

    /**
     * Reads up to {@code maxRecords} messages of a topic from the start of its partitions, to show what it holds
     * ({@code datasource analyze}). It must leave no trace a consumer of the topic could notice: no consumer group
     * joined, no offset committed.
     *
     * @param timeout how long to wait for messages in all; fewer (or none) come back when the topic holds fewer
     * @throws UnsupportedOperationException if this is not a {@link ConnectorKind#STREAM} connector
     * @throws dev.pipit.spi.stream.StreamException when the broker cannot be reached, refuses the credentials, or
     *     has no such topic, with the category of the failure (a refusal or a missing topic is a configuration one)
     */
    default List<StreamRecord> sample(ConnectorContext context, String topic, int maxRecords, Duration timeout) {
        throw new UnsupportedOperationException("connection type " + type() + " is not a stream");
    }

    /**
     * The topics the connection may see, to check that it authenticates ({@code connection test}).
     *
     * @throws UnsupportedOperationException if this is not a {@link ConnectorKind#STREAM} connector
     * @throws dev.pipit.spi.stream.StreamException when the broker cannot be reached or refuses the credentials, with
     *     the category of the failure
     */
    default Set<String> topics(ConnectorContext context) {
        throw new UnsupportedOperationException("connection type " + type() + " is not a stream");
    }

    /**
     * What a connection's identity needs to be allowed to read, in the store's own terms
     * ({@code s3:ListBucket on the bucket and s3:GetObject on its objects}); {@code connection test} shows it when
     * the store refuses the connection's settings. Empty when there is nothing useful to say.
     */
    default String readPermissions() {
        return "";
    }

    /**
     * The documents a user pastes into the cloud's console so the connection may use a bucket, in the order to
     * apply them ({@code connection create --policy}); empty when this type has none to offer. They allow the
     * request's {@link AccessRequest#operations()} too, which {@code IMPORT_AFTER_IMPORT} needs.
     */
    default List<AccessDocument> accessDocuments(AccessRequest request) {
        return List.of();
    }
}
