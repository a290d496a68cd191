package dev.pipit.plugin.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.pipit.spi.error.ContentException;
import dev.pipit.spi.format.SourceRow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * An Avro message value as the core reads it, decoded when first asked ({@link AvroValues}): the core asks from
 * its decoding threads, so a batch's values decode in parallel rather than on the consumer's thread. Its members
 * and its reasons are those of the same datum read as a JSON message.
 */
final class AvroRecord implements SourceRow {
    private final Schema schema;
    private final byte[] bytes;
    private final String part;
    private final int schemaId;
    /** {@code null} until the first question decodes the bytes. */
    private Map<String, Object> members;
    /** The members' values in order, made when first asked by position: a path reads members by name. */
    private List<Object> values;
    private Object decoded;
    private boolean readable;
    private String error;

    /**
     * @param bytes the message's bytes, the wire format's prefix first
     * @param part what the bytes are of the message ("value"), for reasons
     */
    AvroRecord(Schema schema, int schemaId, byte[] bytes, String part) {
        this.schema = schema;
        this.schemaId = schemaId;
        this.bytes = bytes;
        this.part = part;
    }

    @Override
    public int fieldCount() {
        decode();
        return members.size();
    }

    @Override
    public Object field(int index) {
        if (index < 0) {
            throw new IndexOutOfBoundsException("field index must be >= 0: " + index);
        }
        decode();
        if (values == null) {
            values = new ArrayList<>(members.values());
        }
        return index < values.size() ? values.get(index) : null;
    }

    @Override
    public Object field(String name) {
        decode();
        return members.get(name);
    }

    @Override
    public List<String> fieldNames() {
        decode();
        return List.copyOf(members.keySet());
    }

    @Override
    public long line() {
        return 1;
    }

    @Override
    public String error() {
        decode();
        return error;
    }

    /** The value as JSON text; {@code null} when the bytes are not Avro data of the schema. */
    @Override
    public String rawText() {
        decode();
        return readable ? new String(JsonText.of(decoded), UTF_8) : null;
    }

    /**
     * The datum as JSON text, whatever its type (a key need not be an object).
     *
     * @throws ContentException when the bytes are not Avro data of the schema
     */
    byte[] json() throws ContentException {
        decode();
        if (!readable) {
            throw new ContentException(error);
        }
        return JsonText.of(decoded);
    }

    private void decode() {
        if (members != null) {
            return;
        }
        members = Map.of();
        try {
            decoded = AvroValues.read(schema, bytes, WireFormat.PREFIX_LENGTH);
            readable = true;
            if (decoded instanceof Map<?, ?> object) {
                @SuppressWarnings("unchecked")
                Map<String, Object> fields = (Map<String, Object>) object;
                members = fields;
            } else {
                error = "expected a JSON object, found " + kind(decoded);
            }
        } catch (IOException e) {
            error = "the " + part + " (schema id " + schemaId + "): " + e.getMessage();
        }
    }

    /** What a JSON message's reader calls a value that is no object. */
    private static String kind(Object value) {
        if (value instanceof List<?>) {
            return "an array";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        return value == null ? "null" : "a number";
    }
}
