package dev.pipit.plugin.ndjson;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.format.SourceRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** One line: its members by name, or the reason it is not a JSON object. */
final class NdjsonRecord implements SourceRow {
    private final Map<String, Object> members;
    /** The members' values in order, made when first asked by position: a path reads members by name. */
    private List<Object> values;
    private final long line;
    private final Supplier<String> rawText;
    private final String error;

    /**
     * @param members the object's members, or an empty map when {@code error} is set
     * @param rawText the record's text, made when asked: a message's rarely is
     */
    NdjsonRecord(Map<String, Object> members, long line, Supplier<String> rawText, String error) {
        this.members = requireNonNull(members, "members is null");
        this.line = line;
        this.rawText = requireNonNull(rawText, "rawText is null");
        this.error = error;
    }

    @Override
    public int fieldCount() {
        return members.size();
    }

    /** Members in line order; NDJSON maps by path, so this serves only callers that walk every field. */
    @Override
    public Object field(int index) {
        if (index < 0) {
            throw new IndexOutOfBoundsException("field index must be >= 0: " + index);
        }
        if (values == null) {
            values = new ArrayList<>(members.values());
        }
        return index < values.size() ? values.get(index) : null;
    }

    @Override
    public Object field(String name) {
        return members.get(name);
    }

    @Override
    public List<String> fieldNames() {
        return List.copyOf(members.keySet());
    }

    @Override
    public long line() {
        return line;
    }

    @Override
    public String error() {
        return error;
    }

    @Override
    public String rawText() {
        return rawText.get();
    }

    @Override
    public String toString() {
        return "line " + line + ": " + rawText();
    }
}
