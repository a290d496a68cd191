package dev.pipit.plugin.parquet;

import dev.pipit.spi.error.ContentException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Util;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * Reads a file's footer before parquet-hadoop sees it, to apply the format's rules parquet-hadoop does not:
 *
 * <ul>
 *   <li>A logical type this reader does not know (one newer than parquet-hadoop, or a reserved id) is dropped, so
 *       the column reads as its physical type, as the format asks; parquet-hadoop fails with a
 *       {@code NullPointerException} instead.
 *   <li>Groups nested deeper than {@link #MAX_NESTING_DEPTH} are refused before anything recurses into them.
 *   <li>A footer larger than the value size limit is refused before it is allocated.
 * </ul>
 */
final class FooterReader {
    /**
     * Deeper groups are refused. Real schemas nest a handful of levels; each level costs the reader stack frames,
     * and nested values become JSON, which the core writes up to 1000 levels deep.
     */
    static final int MAX_NESTING_DEPTH = 100;
    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ENCRYPTED_MAGIC = "PARE".getBytes(StandardCharsets.US_ASCII);

    private FooterReader() {}

    static ParquetMetadata read(InputFile file, SeekableInputStream stream, ParquetReadOptions options,
            long maxFooterBytes) throws IOException {
        long length = file.getLength();
        if (length < MAGIC.length * 2 + 4) {
            throw new ContentException("it is not a Parquet file: only " + length + " bytes long");
        }
        byte[] tail = new byte[8];
        stream.seek(length - tail.length);
        stream.readFully(tail);
        byte[] magic = java.util.Arrays.copyOfRange(tail, 4, 8);
        if (java.util.Arrays.equals(magic, ENCRYPTED_MAGIC)) {
            throw new ContentException("it is an encrypted Parquet file, which Pipit does not read");
        }
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new ContentException("it is not a Parquet file: expected the magic number PAR1 at its end, found "
                    + java.util.Arrays.toString(magic));
        }
        long footerLength = (tail[0] & 0xffL) | (tail[1] & 0xffL) << 8 | (tail[2] & 0xffL) << 16
                | (tail[3] & 0xffL) << 24;
        long footerStart = length - tail.length - footerLength;
        if (footerStart < MAGIC.length) {
            throw new ContentException("its footer length (" + footerLength + " bytes) does not fit in the file ("
                    + length + " bytes); the file is cut short or corrupt");
        }
        if (footerLength > maxFooterBytes) {
            throw new LimitExceededException("its footer is " + footerLength
                    + " bytes, more than import.max-value-size allows (" + LimitExceededException.bytes(maxFooterBytes)
                    + ")");
        }
        byte[] footer = new byte[(int) footerLength];
        stream.seek(footerStart);
        stream.readFully(footer);
        FileMetaData metadata = Util.readFileMetaData(new ByteArrayInputStream(footer));
        checkNesting(metadata.getSchema());
        dropUnknownLogicalTypes(metadata.getSchema());
        return new ParquetMetadataConverter(options).fromParquetMetadata(metadata);
    }

    /** The schema is a flat list in pre-order, each group followed by its {@code num_children} children. */
    private static void checkNesting(List<SchemaElement> schema) throws IOException {
        Deque<Integer> childrenLeft = new ArrayDeque<>();
        for (SchemaElement element : schema) {
            while (!childrenLeft.isEmpty() && childrenLeft.peek() == 0) {
                childrenLeft.pop();
            }
            if (!childrenLeft.isEmpty()) {
                childrenLeft.push(childrenLeft.pop() - 1);
            }
            if (element.isSetNum_children() && element.getNum_children() > 0) {
                childrenLeft.push(element.getNum_children());
                // The root message is no level of nesting.
                if (childrenLeft.size() - 1 > MAX_NESTING_DEPTH) {
                    throw new LimitExceededException("its schema nests groups more than " + MAX_NESTING_DEPTH
                            + " levels deep (at '" + element.getName() + "'), deeper than Pipit reads");
                }
            }
        }
    }

    private static void dropUnknownLogicalTypes(List<SchemaElement> schema) {
        for (SchemaElement element : schema) {
            if (element.isSetLogicalType() && element.getLogicalType().getSetField() == null) {
                element.unsetLogicalType();
            }
        }
    }
}
