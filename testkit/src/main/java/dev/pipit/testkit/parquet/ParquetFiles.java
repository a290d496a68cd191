package dev.pipit.testkit.parquet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/** Writes Parquet files for tests with parquet-hadoop's own writer, as producers of real files do. */
public final class ParquetFiles {
    private ParquetFiles() {}

    /**
     * Writes {@code rows} rows, each filled by {@code fill} from its 0-based index.
     *
     * @param schema the schema in Parquet's text form ({@code message m { required int64 id; }})
     * @param rowGroupBytes the row group size the writer aims at; small values make many row groups
     */
    public static void write(Path file, String schema, CompressionCodecName codec, long rows, long rowGroupBytes,
            BiConsumer<Long, Group> fill) throws IOException {
        MessageType type = MessageTypeParser.parseMessageType(schema);
        Files.createDirectories(file.toAbsolutePath().getParent());
        SimpleGroupFactory groups = new SimpleGroupFactory(type);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration())
                .withType(type)
                .withCodecFactory(new TestCompressors())
                .withCompressionCodec(codec)
                .withRowGroupSize(rowGroupBytes)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build()) {
            for (long i = 0; i < rows; i++) {
                Group row = groups.newGroup();
                fill.accept(i, row);
                writer.write(row);
            }
        }
    }

    /**
     * Writes rows as files from non-Java writers (Arrow C++, DuckDB) come: data pages of format version 2, no
     * dictionary, LZ4 pages without Hadoop's framing, and pages of nulls only with zero bytes of data.
     */
    public static void writeLikeNonJavaWriters(Path file, String schema, CompressionCodecName codec, long rows,
            BiConsumer<Long, Group> fill) throws IOException {
        MessageType type = MessageTypeParser.parseMessageType(schema);
        Files.createDirectories(file.toAbsolutePath().getParent());
        SimpleGroupFactory groups = new SimpleGroupFactory(type);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration())
                .withType(type)
                .withCodecFactory(TestCompressors.likeNonJavaWriters())
                .withCompressionCodec(codec)
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
                .withDictionaryEncoding(false)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build()) {
            for (long i = 0; i < rows; i++) {
                Group row = groups.newGroup();
                fill.accept(i, row);
                writer.write(row);
            }
        }
    }

    /**
     * Turns a logical type in a written file's footer into one no reader knows, as a file from a writer newer than
     * the reader has: the footer's compact Thrift names the LogicalType union's member by its field id, and id 9 is
     * reserved, so the member becomes unknown while the footer keeps its length.
     *
     * @param fieldId the member the file uses, whose (empty) struct is the only one of that id in the footer, such
     *     as 14 for UUID
     */
    public static void makeLogicalTypeUnknown(Path file, int fieldId) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int footerLength = (bytes[bytes.length - 8] & 0xff) | (bytes[bytes.length - 7] & 0xff) << 8
                | (bytes[bytes.length - 6] & 0xff) << 16 | (bytes[bytes.length - 5] & 0xff) << 24;
        int footerStart = bytes.length - 8 - footerLength;
        byte member = (byte) (fieldId << 4 | 0x0c);
        int found = -1;
        for (int i = footerStart; i < bytes.length - 10; i++) {
            if (bytes[i] == member && bytes[i + 1] == 0 && bytes[i + 2] == 0) {
                if (found >= 0) {
                    throw new IllegalStateException("logical type " + fieldId + " is not unique in " + file);
                }
                found = i;
            }
        }
        if (found < 0) {
            throw new IllegalStateException("no logical type " + fieldId + " in " + file);
        }
        bytes[found] = (byte) (9 << 4 | 0x0c);
        Files.write(file, bytes);
    }

    /** Writes rows with the writer's default row group size. */
    public static void write(Path file, String schema, CompressionCodecName codec, long rows,
            BiConsumer<Long, Group> fill) throws IOException {
        write(file, schema, codec, rows, ParquetWriter.DEFAULT_BLOCK_SIZE, fill);
    }
}
