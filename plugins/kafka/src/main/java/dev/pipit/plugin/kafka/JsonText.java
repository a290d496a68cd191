package dev.pipit.plugin.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Decoded values ({@link AvroValues}) as JSON text: what a message whose value or key is not JSON shows where
 * text is wanted (a key column, {@code __value}, the quarantine, a sample). Reading the text as JSON gives the same
 * values back: a {@code BigDecimal} is written as its {@code toString}, which keeps its digits and scale.
 */
final class JsonText {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonText() {}

    static byte[] of(Object value) {
        ByteArrayOutputStream json = new ByteArrayOutputStream(128);
        try (JsonGenerator out = JSON.createGenerator(json)) {
            write(value, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON to memory", e);
        }
        return json.toByteArray();
    }

    private static void write(Object value, JsonGenerator out) throws IOException {
        if (value instanceof Map<?, ?> members) {
            out.writeStartObject();
            for (Map.Entry<?, ?> member : members.entrySet()) {
                out.writeFieldName((String) member.getKey());
                write(member.getValue(), out);
            }
            out.writeEndObject();
        } else if (value instanceof List<?> elements) {
            out.writeStartArray();
            for (Object element : elements) {
                write(element, out);
            }
            out.writeEndArray();
        } else if (value instanceof String text) {
            out.writeString(text);
        } else if (value instanceof Long number) {
            out.writeNumber(number);
        } else if (value instanceof BigDecimal number) {
            out.writeNumber(number);
        } else if (value instanceof Boolean bool) {
            out.writeBoolean(bool);
        } else if (value == null) {
            out.writeNull();
        } else {
            throw new IllegalArgumentException("not a decoded value: " + value.getClass().getName());
        }
    }
}
