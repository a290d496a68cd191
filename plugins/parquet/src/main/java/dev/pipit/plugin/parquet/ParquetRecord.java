package dev.pipit.plugin.parquet;

import dev.pipit.spi.format.SourceRow;
import java.util.Arrays;
import java.util.Map;

/** One row of a Parquet file, its top-level fields converted once, in schema order. */
final class ParquetRecord implements SourceRow {
    private final Map<String, Integer> positions;
    private final Object[] values;
    private final long row;

    ParquetRecord(Map<String, Integer> positions, Object[] values, long row) {
        this.positions = positions;
        this.values = values;
        this.row = row;
    }

    @Override
    public int fieldCount() {
        return values.length;
    }

    @Override
    public Object field(int index) {
        if (index < 0) {
            throw new IndexOutOfBoundsException("field index must be >= 0: " + index);
        }
        return index < values.length ? values[index] : null;
    }

    @Override
    public Object field(String name) {
        Integer position = positions.get(name);
        return position == null ? null : values[position];
    }

    /** The 1-based row number in the file. */
    @Override
    public long line() {
        return row;
    }

    @Override
    public String toString() {
        return "row " + row + ": " + Arrays.toString(values);
    }
}
