package dev.pipit.plugin.parquet;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.format.FormatReader;
import dev.pipit.spi.format.SourceRow;
import java.io.Closeable;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Reads a Parquet file one row group at a time: memory holds the current row group's pages of the requested
 * columns and one record, never the file. Records are assembled with parquet's example {@link Group} model and
 * converted by {@link GroupValues}.
 */
final class ParquetFormatReader implements FormatReader {
    private final ParquetFileReader file;
    private final Closeable input;
    private final String source;
    private final MessageType schema;
    private final MessageColumnIO columns;
    private final List<String> fieldNames;
    private final List<String> fieldTypes;
    private final Map<String, Integer> positions = new HashMap<>();
    private PageReadStore pages;
    private RecordReader<Group> rowGroup;
    private int nextRowGroup;
    private long rowsLeftInGroup;
    private long row;

    /**
     * @param input what {@code file} reads, closed with it
     * @param schema the file's schema, narrowed to the fields the data source reads
     */
    ParquetFormatReader(ParquetFileReader file, Closeable input, MessageType schema, String source) {
        this.file = requireNonNull(file, "file is null");
        this.input = requireNonNull(input, "input is null");
        this.schema = requireNonNull(schema, "schema is null");
        this.source = requireNonNull(source, "source is null");
        this.columns = new ColumnIOFactory().getColumnIO(schema);
        this.fieldNames = schema.getFields().stream().map(Type::getName).toList();
        this.fieldTypes = schema.getFields().stream().map(ClickHouseTypes::of).toList();
        for (int i = 0; i < fieldNames.size(); i++) {
            positions.put(fieldNames.get(i), i);
        }
    }

    @Override
    public List<String> fieldNames() {
        return fieldNames;
    }

    @Override
    public List<String> fieldTypes() {
        return fieldTypes;
    }

    @Override
    public SourceRow read() throws IOException {
        try {
            while (rowsLeftInGroup == 0) {
                if (!nextRowGroup()) {
                    return null;
                }
            }
            Group group = rowGroup.read();
            rowsLeftInGroup--;
            row++;
            Object[] values = new Object[fieldNames.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = GroupValues.field(group, i, false);
            }
            return new ParquetRecord(positions, values, row);
        } catch (ParquetDecodingException | IllegalStateException | IllegalArgumentException e) {
            // A corrupt page or a file cut short: the core rolls the file back and marks it failed with this cause.
            throw new IOException(source + ": row " + (row + 1) + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Moves to the next row group with rows, releasing the current one first: {@code readNextRowGroup()} would keep
     * it referenced while reading the next, and two row groups of 128 MB do not fit where one does.
     *
     * @return {@code false} after the last row group
     */
    private boolean nextRowGroup() throws IOException {
        rowGroup = null;
        if (pages != null) {
            pages.close();
            pages = null;
        }
        List<BlockMetaData> rowGroups = file.getRowGroups();
        while (nextRowGroup < rowGroups.size() && rowGroups.get(nextRowGroup).getRowCount() == 0) {
            nextRowGroup++;
        }
        if (nextRowGroup == rowGroups.size()) {
            return false;
        }
        pages = file.readRowGroup(nextRowGroup++);
        rowGroup = columns.getRecordReader(pages, new GroupRecordConverter(schema));
        rowsLeftInGroup = pages.getRowCount();
        return true;
    }

    @Override
    public void close() throws IOException {
        if (pages != null) {
            pages.close();
        }
        try (input) {
            file.close();
        }
    }
}
