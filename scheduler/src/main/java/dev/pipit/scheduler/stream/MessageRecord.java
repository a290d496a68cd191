package dev.pipit.scheduler.stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.pipit.spi.format.SourceRow;
import dev.pipit.spi.stream.StreamHeader;
import dev.pipit.spi.stream.StreamRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A message as the core maps it to columns: its meta values ({@code __topic}, ...) by name, and the members of
 * its JSON value for every other name, so the usual {@code json:$.path} mapping reads both. Meta values are made
 * when a column asks for one, not for every message: most data sources map none of them.
 */
final class MessageRecord implements SourceRow {
    private final StreamRecord message;
    private final SourceRow value;

    /** @param value the decoded object, which carries the error when the value is not one */
    MessageRecord(StreamRecord message, SourceRow value) {
        this.message = requireNonNull(message, "message is null");
        this.value = requireNonNull(value, "value is null");
    }

    @Override
    public int fieldCount() {
        return value.fieldCount();
    }

    @Override
    public Object field(int index) {
        return value.field(index);
    }

    @Override
    public Object field(String name) {
        if (!name.startsWith("__")) {
            return value.field(name);
        }
        return switch (name) {
            case StreamColumns.TOPIC -> message.topic();
            case StreamColumns.PARTITION -> (long) message.partition();
            case StreamColumns.OFFSET -> message.offset();
            case StreamColumns.TIMESTAMP -> message.timestamp();
            case StreamColumns.KEY -> text(message.key());
            case StreamColumns.VALUE -> rawText();
            case StreamColumns.HEADERS -> headers(message.headers());
            default -> value.field(name);
        };
    }

    @Override
    public long line() {
        return value.line();
    }

    @Override
    public String error() {
        return value.error();
    }

    @Override
    public List<String> fieldNames() {
        return value.fieldNames();
    }

    /** The value as text, for {@code $} and {@code __value}: JSON text where the connector decoded the value. */
    @Override
    public String rawText() {
        return message.decoded() != null ? message.decoded().rawText() : text(message.value());
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, UTF_8);
    }

    private static Map<String, String> headers(List<StreamHeader> headers) {
        Map<String, String> values = new LinkedHashMap<>();
        for (StreamHeader header : headers) {
            values.put(header.key(), text(header.value()));
        }
        return values;
    }
}
