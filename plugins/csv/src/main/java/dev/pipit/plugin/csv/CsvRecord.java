package dev.pipit.plugin.csv;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.format.SourceRow;
import java.util.Map;

/** One CSV record: its values as {@code String}s, where it starts, and why it is ragged if it is. */
final class CsvRecord implements SourceRow {
    private final CsvRows.Row row;
    private final Map<String, Integer> positions;
    private final String error;

    /**
     * @param positions each header name's field index; empty when the file has no header
     * @param error why the record cannot be imported as is, or {@code null}
     */
    CsvRecord(CsvRows.Row row, Map<String, Integer> positions, String error) {
        this.row = requireNonNull(row, "row is null");
        this.positions = requireNonNull(positions, "positions is null");
        this.error = error;
    }

    @Override
    public int fieldCount() {
        return row.values().length;
    }

    @Override
    public Object field(int index) {
        if (index < 0) {
            throw new IndexOutOfBoundsException("field index must be >= 0: " + index);
        }
        return index < row.values().length ? row.values()[index] : null;
    }

    @Override
    public Object field(String name) {
        Integer index = positions.get(name);
        return index == null ? null : field(index);
    }

    @Override
    public long line() {
        return row.line();
    }

    @Override
    public String error() {
        return error;
    }

    @Override
    public String rawText() {
        return row.rawText();
    }

    @Override
    public String toString() {
        return "line " + row.line() + ": " + row.rawText();
    }
}
