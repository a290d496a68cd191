package dev.pipit.plugin.csv;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.format.SourceRow;
import java.util.Map;

/**
 * One CSV record: its values as {@code String}s, where it starts, and why it is ragged if it is. A field that is
 * {@code \N}, quoted or not, is no value: ClickHouse's CSV null, which Tinybird documents and database exports
 * (ClickHouse, MySQL, PostgreSQL's text COPY) write; stored as text it would be a two-character string.
 */
final class CsvRecord implements SourceRow {
    private static final String NULL = "\\N";
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
        if (index >= row.values().length) {
            return null;
        }
        String value = row.values()[index];
        return isNull(value) ? null : value;
    }

    /** Whether a field's text stands for no value. */
    static boolean isNull(String value) {
        return value.equals(NULL);
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
