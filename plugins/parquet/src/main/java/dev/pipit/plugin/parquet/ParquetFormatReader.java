package dev.pipit.plugin.parquet;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.error.ContentException;
import dev.pipit.spi.format.FormatReader;
import dev.pipit.spi.format.RandomAccessInput;
import dev.pipit.spi.format.SourceRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Reads a Parquet file one row group at a time, each column page by page as records consume it
 * ({@link StreamedRowGroup}): memory holds a page and a read buffer per requested column and one record, never a
 * row group or the file. Records are assembled with parquet's example {@link Group} model and
 * converted by {@link GroupValues}.
 */
final class ParquetFormatReader implements FormatReader {
    private final ParquetFileReader file;
    private final RandomAccessInput input;
    private final CompressionCodecFactory codecs;
    private final String source;
    private final MessageType schema;
    private final MessageColumnIO columns;
    private final List<String> fieldNames;
    private final List<String> fieldTypes;
    private final Map<String, Integer> positions = new HashMap<>();
    private final long fileLength;
    private final long maxValueBytes;
    private RecordReader<Group> rowGroup;
    private int nextRowGroup;
    private long rowsLeftInGroup;
    private long row;

    /**
     * @param input what {@code file} reads, closed with it
     * @param codecs the page decompressors, which check pages against {@code maxValueBytes}
     * @param schema the file's schema, narrowed to the fields the data source reads
     * @param fileLength the file's size, which no column chunk may reach past
     * @param maxValueBytes how much one field of one record may hold ({@code import.max-value-size})
     */
    ParquetFormatReader(ParquetFileReader file, RandomAccessInput input, CompressionCodecFactory codecs,
            MessageType schema, String source, long fileLength, long maxValueBytes) {
        this.file = requireNonNull(file, "file is null");
        this.input = requireNonNull(input, "input is null");
        this.codecs = requireNonNull(codecs, "codecs is null");
        this.schema = requireNonNull(schema, "schema is null");
        this.source = requireNonNull(source, "source is null");
        this.fileLength = fileLength;
        this.maxValueBytes = maxValueBytes;
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

    /**
     * Records are read ahead on another thread: each record is assembled into a Group of its own and copied out of it.
     */
    @Override
    public boolean recordsFollowFieldNames() {
        return positions.size() == fieldNames.size();
    }

    @Override
    public boolean recordsStayValid() {
        return true;
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
        } catch (ParquetDecodingException | IllegalStateException | IllegalArgumentException
                | UncheckedIOException | IOException e) {
            // A corrupt page, a file cut short or a limit reached: the core rolls the file back and marks it failed
            // with this cause. Parquet wraps a page's failure in its own words; a limit's message says more.
            String limit = LimitExceededException.findIn(e);
            throw ReadFailure.of(source + ": row " + (row + 1) + " cannot be read: "
                    + (limit != null ? limit : e.getMessage()), e);
        }
    }

    /** @return {@code false} after the last row group */
    private boolean nextRowGroup() throws IOException {
        rowGroup = null;
        List<BlockMetaData> rowGroups = file.getRowGroups();
        while (nextRowGroup < rowGroups.size() && rowGroups.get(nextRowGroup).getRowCount() == 0) {
            nextRowGroup++;
        }
        if (nextRowGroup == rowGroups.size()) {
            return false;
        }
        BlockMetaData next = rowGroups.get(nextRowGroup);
        checkChunks(next);
        nextRowGroup++;
        PageReadStore pages = new StreamedRowGroup(input, next, schema, codecs, maxValueBytes);
        rowGroup = columns.getRecordReader(pages, new BoundedRecordConverter(schema, maxValueBytes));
        rowsLeftInGroup = pages.getRowCount();
        return true;
    }

    /** A chunk that reaches past the end of the file is corrupt, and nothing of it is read. */
    private void checkChunks(BlockMetaData rowGroup) throws ContentException {
        for (ColumnChunkMetaData chunk : rowGroup.getColumns()) {
            if (!schema.containsPath(chunk.getPath().toArray())) {
                continue;
            }
            long start = chunk.getStartingPos();
            long size = chunk.getTotalSize();
            if (start < 0 || size < 0 || start + size > fileLength) {
                throw new ContentException("column " + chunk.getPath() + " of row group " + (nextRowGroup + 1)
                        + " reaches past the end of the file (" + size + " bytes from byte " + start
                        + "); the file is cut short or corrupt");
            }
        }
    }

    @Override
    public void close() throws IOException {
        try (input) {
            file.close();
        }
    }
}
