package dev.pipit.scheduler.stream;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.format.SourceRow;
import java.util.List;
import java.util.Map;

/**
 * A message as the core maps it to columns: its meta values ({@code __topic}, ...) by name, and the members of
 * its JSON value for every other name, so the usual {@code json:$.path} mapping reads both.
 */
final class MessageRecord implements SourceRow {
    private final Map<String, Object> meta;
    private final SourceRow value;
    private final String text;

    /**
     * @param value the decoded JSON object, which carries the error when the value is not one
     * @param text the value as text, for {@code $} and the quarantine
     */
    MessageRecord(Map<String, Object> meta, SourceRow value, String text) {
        this.meta = requireNonNull(meta, "meta is null");
        this.value = requireNonNull(value, "value is null");
        this.text = text;
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
        return meta.containsKey(name) ? meta.get(name) : value.field(name);
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

    @Override
    public String rawText() {
        return text;
    }
}
