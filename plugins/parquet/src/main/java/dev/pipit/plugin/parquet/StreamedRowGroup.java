package dev.pipit.plugin.parquet;

import dev.pipit.spi.format.RandomAccessInput;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.schema.MessageType;

/**
 * A row group whose requested columns are read page by page from their own positions in the file (see
 * {@link ColumnChunkPages}). Memory is a read buffer and a page or two per column, whatever the row group's size:
 * a 1 GB row group reads in the same heap as a 1 MB one.
 */
final class StreamedRowGroup implements PageReadStore {
    /** Split between the columns; more columns get smaller buffers, each at least {@link #MIN_BUFFER_BYTES}. */
    private static final int BUFFER_BUDGET_BYTES = 8 << 20;

    private static final int MIN_BUFFER_BYTES = 64 << 10;
    private static final int MAX_BUFFER_BYTES = 1 << 20;

    private final long rowCount;
    private final Map<ColumnDescriptor, ColumnChunkPages> columns = new HashMap<>();

    /** @param rowGroup its chunks already checked to lie inside the file */
    StreamedRowGroup(RandomAccessInput input, BlockMetaData rowGroup, MessageType schema,
            CompressionCodecFactory codecs, long maxPageBytes) {
        this.rowCount = rowGroup.getRowCount();
        Map<ColumnPath, ColumnChunkMetaData> chunks = new HashMap<>();
        for (ColumnChunkMetaData chunk : rowGroup.getColumns()) {
            chunks.put(chunk.getPath(), chunk);
        }
        List<ColumnDescriptor> wanted = schema.getColumns();
        int bufferBytes = Math.max(MIN_BUFFER_BYTES,
                Math.min(MAX_BUFFER_BYTES, BUFFER_BUDGET_BYTES / Math.max(1, wanted.size())));
        for (ColumnDescriptor column : wanted) {
            ColumnChunkMetaData chunk = chunks.get(ColumnPath.get(column.getPath()));
            if (chunk == null) {
                throw new IllegalStateException("row group has no chunk for column " + column);
            }
            long start = chunk.getStartingPos();
            RangeStream bytes = new RangeStream(input, start, start + chunk.getTotalSize());
            columns.put(column, new ColumnChunkPages(column, chunk, codecs.getDecompressor(chunk.getCodec()), bytes,
                    bufferBytes, maxPageBytes));
        }
    }

    @Override
    public PageReader getPageReader(ColumnDescriptor column) {
        ColumnChunkPages pages = columns.get(column);
        if (pages == null) {
            throw new IllegalArgumentException("column " + column + " was not requested");
        }
        return pages;
    }

    @Override
    public long getRowCount() {
        return rowCount;
    }
}
