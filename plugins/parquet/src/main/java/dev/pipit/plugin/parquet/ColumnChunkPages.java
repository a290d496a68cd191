package dev.pipit.plugin.parquet;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.error.ContentException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputDecompressor;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.DataPageHeaderV2;
import org.apache.parquet.format.DictionaryPageHeader;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.Util;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;

/**
 * One column chunk's pages, read from the file one page at a time as the record reader asks for them, so memory
 * holds a page per column (and a read buffer) rather than the whole row group that
 * {@code ParquetFileReader.readRowGroup} fetches up front. A page's bytes are checked against what is left of its
 * chunk before they are allocated: a corrupt header cannot claim more than the footer gave the chunk.
 *
 * <p>Index pages and any page type the format adds later are skipped, as parquet-hadoop skips them. Statistics
 * are left out of the pages: record assembly never reads them.
 */
final class ColumnChunkPages implements PageReader {
    private static final ParquetMetadataConverter ENCODINGS = new ParquetMetadataConverter();

    private final ColumnDescriptor column;
    private final ColumnChunkMetaData chunk;
    private final BytesInputDecompressor decompressor;
    private final InputStream pages;
    private final Statistics<?> noStatistics;
    private final long maxPageBytes;
    private long bytesLeft;
    private long valuesLeft;
    private PageHeader pendingHeader;

    /**
     * @param chunkBytes the chunk's bytes from its first page on, which this reader buffers and owns
     * @param bufferBytes how much of the chunk one read from the file fetches
     * @param maxPageBytes the largest page allowed, compressed or not ({@code import.max-value-size})
     */
    ColumnChunkPages(ColumnDescriptor column, ColumnChunkMetaData chunk, BytesInputDecompressor decompressor,
            InputStream chunkBytes, int bufferBytes, long maxPageBytes) {
        this.column = requireNonNull(column, "column is null");
        this.chunk = requireNonNull(chunk, "chunk is null");
        this.decompressor = requireNonNull(decompressor, "decompressor is null");
        this.pages = new BufferedInputStream(chunkBytes, bufferBytes);
        this.noStatistics = Statistics.createStats(column.getPrimitiveType());
        this.maxPageBytes = maxPageBytes;
        this.bytesLeft = chunk.getTotalSize();
        this.valuesLeft = chunk.getValueCount();
    }

    @Override
    public long getTotalValueCount() {
        return chunk.getValueCount();
    }

    /** The chunk's dictionary, when its first page is one; called once, before the first data page. */
    @Override
    public DictionaryPage readDictionaryPage() {
        try {
            PageHeader header = peekHeader();
            if (header == null || !header.isSetDictionary_page_header()) {
                return null;
            }
            pendingHeader = null;
            DictionaryPageHeader dictionary = header.getDictionary_page_header();
            BytesInput bytes = decompressor.decompress(body(header), header.getUncompressed_page_size());
            return new DictionaryPage(bytes, header.getUncompressed_page_size(), dictionary.getNum_values(),
                    ENCODINGS.getEncoding(dictionary.getEncoding()));
        } catch (IOException e) {
            throw new UncheckedIOException("column " + String.join(".", column.getPath()) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public DataPage readPage() {
        try {
            PageHeader header = peekHeader();
            pendingHeader = null;
            while (header != null) {
                if (header.isSetData_page_header()) {
                    return dataPageV1(header);
                }
                if (header.isSetData_page_header_v2()) {
                    return dataPageV2(header);
                }
                // A dictionary the reader did not ask for, an index page, a type from a later format version.
                skip(header);
                header = nextHeader();
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("column " + String.join(".", column.getPath()) + ": " + e.getMessage(), e);
        }
    }

    /** The next page's header, left to be taken by whoever reads the page. */
    private PageHeader peekHeader() throws IOException {
        if (pendingHeader == null) {
            pendingHeader = nextHeader();
        }
        return pendingHeader;
    }

    /** The next page's header, or {@code null} once the chunk's values are all read. */
    private PageHeader nextHeader() throws IOException {
        if (valuesLeft <= 0 || bytesLeft <= 0) {
            return null;
        }
        CountingStream counted = new CountingStream(pages);
        PageHeader header = Util.readPageHeader(counted);
        bytesLeft -= counted.count;
        int size = header.getCompressed_page_size();
        if (size < 0 || size > bytesLeft) {
            throw new ContentException("a page of column " + column + " claims " + size + " bytes where its chunk"
                    + " has " + bytesLeft + " left; the file is corrupt");
        }
        if (size > maxPageBytes) {
            throw new LimitExceededException("a page of column " + column + " holds " + size + " bytes, more than"
                    + " import.max-value-size allows (" + LimitExceededException.bytes(maxPageBytes) + ")");
        }
        return header;
    }

    private DataPage dataPageV1(PageHeader header) throws IOException {
        DataPageHeader data = header.getData_page_header();
        valuesLeft -= data.getNum_values();
        BytesInput bytes = decompressor.decompress(body(header), header.getUncompressed_page_size());
        return new DataPageV1(bytes, data.getNum_values(), header.getUncompressed_page_size(), noStatistics,
                ENCODINGS.getEncoding(data.getRepetition_level_encoding()),
                ENCODINGS.getEncoding(data.getDefinition_level_encoding()),
                ENCODINGS.getEncoding(data.getEncoding()));
    }

    /** Levels are never compressed in a v2 page; its values are unless the header says otherwise. */
    private DataPage dataPageV2(PageHeader header) throws IOException {
        DataPageHeaderV2 data = header.getData_page_header_v2();
        valuesLeft -= data.getNum_values();
        int repetitionBytes = data.getRepetition_levels_byte_length();
        int definitionBytes = data.getDefinition_levels_byte_length();
        int compressedValues = header.getCompressed_page_size() - repetitionBytes - definitionBytes;
        int uncompressedValues = header.getUncompressed_page_size() - repetitionBytes - definitionBytes;
        if (repetitionBytes < 0 || definitionBytes < 0 || compressedValues < 0 || uncompressedValues < 0) {
            throw new ContentException("a v2 page of column " + column + " gives level sizes larger than the page;"
                    + " the file is corrupt");
        }
        BytesInput repetition = BytesInput.from(read(repetitionBytes));
        BytesInput definition = BytesInput.from(read(definitionBytes));
        BytesInput values = BytesInput.from(read(compressedValues));
        if (!data.isSetIs_compressed() || data.isIs_compressed()) {
            values = decompressor.decompress(values, uncompressedValues);
        }
        return DataPageV2.uncompressed(data.getNum_rows(), data.getNum_nulls(), data.getNum_values(), repetition,
                definition, ENCODINGS.getEncoding(data.getEncoding()), values, noStatistics);
    }

    private BytesInput body(PageHeader header) throws IOException {
        return BytesInput.from(read(header.getCompressed_page_size()));
    }

    private byte[] read(int size) throws IOException {
        byte[] bytes = pages.readNBytes(size);
        if (bytes.length != size) {
            throw new EOFException("column " + column + " ends " + (size - bytes.length) + " bytes short of its"
                    + " last page; the file is cut short");
        }
        bytesLeft -= size;
        return bytes;
    }

    private void skip(PageHeader header) throws IOException {
        int size = header.getCompressed_page_size();
        pages.skipNBytes(size);
        bytesLeft -= size;
    }

    /** Counts what the Thrift decoder takes for a header, since the header's size is not stored anywhere. */
    private static final class CountingStream extends InputStream {
        private final InputStream in;
        private long count;

        CountingStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = in.read(buffer, offset, length);
            if (read > 0) {
                count += read;
            }
            return read;
        }
    }
}
