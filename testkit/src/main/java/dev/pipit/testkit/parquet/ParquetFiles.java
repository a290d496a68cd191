package dev.pipit.testkit.parquet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiConsumer;
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

    /** Writes rows with the writer's default row group size. */
    public static void write(Path file, String schema, CompressionCodecName codec, long rows,
            BiConsumer<Long, Group> fill) throws IOException {
        write(file, schema, codec, rows, ParquetWriter.DEFAULT_BLOCK_SIZE, fill);
    }
}
