package dev.pipit.plugin.kafka;

import dev.pipit.spi.error.ContentException;
import dev.pipit.spi.error.ErrorCategory;
import dev.pipit.spi.stream.StreamException;
import dev.pipit.spi.stream.StreamHeader;
import dev.pipit.spi.stream.StreamRecord;
import dev.pipit.spi.stream.StreamSubscription;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Turns a consumed message into what the core reads: the value and key as JSON or text (the wire-format prefix
 * of JSON Schema messages cut off; Avro keys re-encoded, Avro values decoded into their members), the headers as
 * bytes or as Base64 text, or the reason the message cannot be decoded. Used by one consumer thread.
 *
 * <p>The data source settings it follows: {@code KAFKA_VALUE_FORMAT} and {@code KAFKA_KEY_FORMAT} ({@code avro},
 * {@code json_with_schema}, {@code json_without_schema}), {@code KAFKA_KEY_AVRO_DESERIALIZATION} (the same as
 * {@code KAFKA_KEY_FORMAT avro}) and {@code KAFKA_STORE_BINARY_HEADERS}. With a schema registry and no format
 * named, values and keys in the wire format are decoded as the registry says, others left as they are;
 * {@code KAFKA_KEY_AVRO_DESERIALIZATION false} keeps keys as they are.
 */
final class MessageDecoding {
    static final String VALUE_FORMAT = "KAFKA_VALUE_FORMAT";
    static final String KEY_FORMAT = "KAFKA_KEY_FORMAT";
    static final String KEY_AVRO_DESERIALIZATION = "KAFKA_KEY_AVRO_DESERIALIZATION";
    static final String STORE_BINARY_HEADERS = "KAFKA_STORE_BINARY_HEADERS";

    private final WireFormat valueFormat;
    private final WireFormat keyFormat;
    private final boolean binaryHeaders;
    private final SchemaRegistry registry;

    private MessageDecoding(WireFormat valueFormat, WireFormat keyFormat, boolean binaryHeaders,
            SchemaRegistry registry) {
        this.valueFormat = valueFormat;
        this.keyFormat = keyFormat;
        this.binaryHeaders = binaryHeaders;
        this.registry = registry;
    }

    /**
     * The decoding a subscription's settings ask for.
     *
     * @param registry the connection's schema registry, or {@code null} when it names none
     * @throws StreamException of category configuration when a format needs a registry the connection does not
     *     name
     */
    static MessageDecoding of(StreamSubscription subscription, SchemaRegistry registry, String connectionName) {
        WireFormat value = WireFormat.named(subscription.setting(VALUE_FORMAT),
                registry == null ? WireFormat.AS_IS : WireFormat.DETECTED);
        String avroKeys = subscription.setting(KEY_AVRO_DESERIALIZATION);
        WireFormat key = WireFormat.named(subscription.setting(KEY_FORMAT),
                "true".equalsIgnoreCase(avroKeys) ? WireFormat.AVRO
                        // Keys nobody described are decoded like values when they are in the wire format: their
                        // raw bytes (a 0 byte first) could not be stored as text anyway.
                        : registry != null && avroKeys == null ? WireFormat.DETECTED
                        : WireFormat.AS_IS);
        if (registry == null && (value == WireFormat.AVRO || key == WireFormat.AVRO)) {
            throw new StreamException(ErrorCategory.CONFIGURATION, "topic " + subscription.topic()
                    + " is read as Avro (" + (value == WireFormat.AVRO ? VALUE_FORMAT + " avro" : "Avro keys")
                    + "), which needs the writer schemas from a schema registry: set KAFKA_SCHEMA_REGISTRY_URL in "
                    + "connection '" + connectionName + "'", null);
        }
        return new MessageDecoding(value, key, "true".equalsIgnoreCase(subscription.setting(STORE_BINARY_HEADERS)),
                registry);
    }

    /**
     * The decoding of a data source that names no format, as {@link #of} gives it: with a registry, values and keys
     * in the wire format are decoded as it says, others left as they are. What {@code datasource analyze} samples
     * a topic with, before any data source exists.
     */
    static MessageDecoding detecting(SchemaRegistry registry) {
        WireFormat detected = registry == null ? WireFormat.AS_IS : WireFormat.DETECTED;
        return new MessageDecoding(detected, detected, false, registry);
    }

    /** Whether values are read as Avro, named so or detected by their wire-format prefix. */
    boolean valuesMayBeAvro() {
        return valueFormat == WireFormat.AVRO || valueFormat == WireFormat.DETECTED;
    }

    /**
     * The message with its value and key as JSON text, as a sample shows them; one that cannot be decoded carries
     * the reason in its {@link StreamRecord#error()}.
     *
     * @throws StreamException when the schema registry cannot be reached or refuses this connection: the message
     *     is not at fault, so it is not quarantined but read again later
     */
    StreamRecord decode(ConsumerRecord<byte[], byte[]> record) {
        return decode(record, false);
    }

    /**
     * The message as a consumer hands it to the core: as {@link #decode}, but an Avro value is left for the core
     * to decode on its decoding threads ({@link StreamRecord#decoded()}), which then also carries the reason when
     * the bytes are corrupt.
     *
     * @throws StreamException as {@link #decode}
     */
    StreamRecord decodeLater(ConsumerRecord<byte[], byte[]> record) {
        return decode(record, true);
    }

    private StreamRecord decode(ConsumerRecord<byte[], byte[]> record, boolean avroValueLater) {
        byte[] key = record.key();
        byte[] value = record.value();
        AvroRecord avroValue = null;
        String error = null;
        try {
            key = read(keyFormat, key, "key").json();
            Part valuePart = read(valueFormat, value, "value");
            if (avroValueLater && valuePart.avro() != null) {
                avroValue = valuePart.avro();
            } else {
                value = valuePart.json();
            }
        } catch (ContentException e) {
            error = e.getMessage();
        }
        return new StreamRecord(record.topic(), record.partition(), record.offset(),
                Instant.ofEpochMilli(record.timestamp()), key, value, headers(record), error, avroValue);
    }

    /** A value or key once its wire format is read: the bytes the core reads as they are, or Avro data. */
    private record Part(byte[] bytes, AvroRecord avro) {
        byte[] json() throws ContentException {
            return avro == null ? bytes : avro.json();
        }
    }

    private Part read(WireFormat format, byte[] bytes, String part) throws ContentException {
        if (bytes == null || format == WireFormat.AS_IS) {
            return new Part(bytes, null);
        }
        if (format == WireFormat.DETECTED && !WireFormat.hasPrefix(bytes)) {
            return new Part(bytes, null);
        }
        if (!WireFormat.hasPrefix(bytes)) {
            throw new ContentException("the " + part + " is not in the schema registry wire format (a 0 byte "
                    + "and a 4-byte schema id first) that " + format.name().toLowerCase(Locale.ROOT)
                    + " needs");
        }
        if (format == WireFormat.JSON_WITH_SCHEMA) {
            return new Part(withoutPrefix(bytes), null);
        }
        int id = WireFormat.schemaId(bytes);
        SchemaRegistry.RegisteredSchema schema = registry.byId(id);
        if (schema.type().equals("JSON")) {
            return new Part(withoutPrefix(bytes), null);
        }
        if (!schema.isAvro()) {
            throw new ContentException("the " + part + "'s schema id " + id + " is a " + schema.type()
                    + " schema; Pipit decodes Avro and JSON Schema");
        }
        return new Part(bytes, new AvroRecord(schema.avro(), id, bytes, part));
    }

    private static byte[] withoutPrefix(byte[] bytes) {
        byte[] rest = new byte[bytes.length - WireFormat.PREFIX_LENGTH];
        System.arraycopy(bytes, WireFormat.PREFIX_LENGTH, rest, 0, rest.length);
        return rest;
    }

    private List<StreamHeader> headers(ConsumerRecord<byte[], byte[]> record) {
        if (!record.headers().iterator().hasNext()) {
            return List.of();
        }
        List<StreamHeader> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            byte[] value = header.value();
            if (binaryHeaders && value != null) {
                // The core stores header values as text; Base64 keeps every byte of a binary one.
                value = Base64.getEncoder().encodeToString(value).getBytes(StandardCharsets.US_ASCII);
            }
            headers.add(new StreamHeader(header.key(), value));
        }
        return headers;
    }
}
