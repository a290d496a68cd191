package dev.pipit.plugin.kafka;

import java.util.Locale;

/**
 * How a topic's values (or keys) are serialized, as Tinybird's {@code KAFKA_VALUE_FORMAT} and
 * {@code KAFKA_KEY_FORMAT} name it. The schema registry formats share Confluent's wire format: a magic byte 0, the
 * schema id as 4 big-endian bytes, then the payload.
 */
enum WireFormat {
    /** Avro binary after the wire-format prefix, decoded with the writer schema of its id. */
    AVRO,
    /** JSON after the wire-format prefix; the prefix is skipped, the registry is not asked. */
    JSON_WITH_SCHEMA,
    /**
     * No format named, but the connection has a schema registry: a message in the wire format is decoded as the
     * registry says its schema is (Avro, or JSON Schema whose prefix is skipped), any other as plain JSON. A JSON
     * text never starts with the magic byte 0, so the two cannot be confused.
     */
    DETECTED,
    /** Bytes handed over unchanged: plain JSON values ({@code json_without_schema}), keys the core reads as text. */
    AS_IS;

    static final int PREFIX_LENGTH = 5;
    static final byte MAGIC_BYTE = 0;

    /** The format a setting names ({@code avro}, ...), or {@code fallback} when unset. */
    static WireFormat named(String setting, WireFormat fallback) {
        if (setting == null || setting.isBlank()) {
            return fallback;
        }
        String name = setting.strip().toUpperCase(Locale.ROOT);
        return name.equals("JSON_WITHOUT_SCHEMA") ? AS_IS : valueOf(name);
    }

    static boolean hasPrefix(byte[] bytes) {
        return bytes.length >= PREFIX_LENGTH && bytes[0] == MAGIC_BYTE;
    }

    static int schemaId(byte[] bytes) {
        return ((bytes[1] & 0xff) << 24) | ((bytes[2] & 0xff) << 16) | ((bytes[3] & 0xff) << 8) | (bytes[4] & 0xff);
    }
}
