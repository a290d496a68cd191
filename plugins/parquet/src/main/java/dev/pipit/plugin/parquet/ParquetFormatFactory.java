package dev.pipit.plugin.parquet;

import dev.pipit.spi.PluginVersion;
import dev.pipit.spi.format.FormatFactory;
import dev.pipit.spi.format.FormatOptions;
import dev.pipit.spi.format.FormatReader;
import dev.pipit.spi.format.FormatWriter;
import dev.pipit.spi.format.RandomAccessInput;
import dev.pipit.spi.format.WriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * {@code IMPORT_FORMAT parquet} and {@code EXPORT_FORMAT parquet}. Parquet keeps its schema and the offsets of its row groups in a footer at the
 * end of the file, so the format reads at random positions: the footer first, then only the column chunks of the
 * fields the data source reads, one row group at a time.
 */
final class ParquetFormatFactory implements FormatFactory {

    @Override
    public String name() {
        return "parquet";
    }

    @Override
    public String version() {
        return PluginVersion.of(ParquetFormatFactory.class);
    }

    @Override
    public List<String> extensions() {
        return List.of("parquet");
    }

    @Override
    public boolean needsRandomAccess() {
        return true;
    }

    @Override
    public boolean writes() {
        return true;
    }

    @Override
    public FormatWriter openWriter(OutputStream output, WriteOptions options) throws IOException {
        return new ParquetRowWriter(output, options);
    }

    /** Never called: the core opens random-access formats through {@link #open(RandomAccessInput, FormatOptions)}. */
    @Override
    public FormatReader open(InputStream input, FormatOptions options) {
        throw new UnsupportedOperationException("parquet reads files at random positions, not streams");
    }

    @Override
    public FormatReader open(RandomAccessInput input, FormatOptions options) throws IOException {
        // A plain configuration, not Hadoop's: nothing is read from core-site.xml or the environment.
        JavaDecompressors codecs = new JavaDecompressors(options.maxValueBytes());
        ParquetReadOptions readOptions = ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(codecs)
                .build();
        ParquetFileReader file = null;
        SeekableInputStream stream = null;
        try {
            RandomAccessInputFile inputFile = new RandomAccessInputFile(input, options.source());
            stream = inputFile.newStream();
            ParquetMetadata footer = FooterReader.read(inputFile, stream, readOptions, options.maxValueBytes());
            file = new ParquetFileReader(inputFile, footer, readOptions, stream);
            MessageType schema = requested(file.getFileMetaData().getSchema(), options.neededFields());
            file.setRequestedSchema(schema);
            return new ParquetFormatReader(file, input, codecs, schema, options.source(), inputFile.getLength(),
                    options.maxValueBytes());
        } catch (IOException | RuntimeException e) {
            // parquet-hadoop reports a footer it cannot parse with plain RuntimeExceptions; all mean the same here.
            closeAfterFailure(file == null ? stream : file, input, e);
            String limit = LimitExceededException.findIn(e);
            throw ReadFailure.of(options.source() + ": not a readable Parquet file: "
                    + (limit != null ? limit : e.getMessage()), e);
        }
    }

    /** The file's schema narrowed to the needed top-level fields, in file order; the whole schema when all are. */
    private static MessageType requested(MessageType fileSchema, List<String> neededFields) {
        if (neededFields.isEmpty()) {
            return fileSchema;
        }
        List<Type> fields = fileSchema.getFields().stream()
                .filter(field -> neededFields.contains(field.getName()))
                .toList();
        // A file with none of them still has rows, each filled with defaults; reading it whole counts them.
        return fields.isEmpty() ? fileSchema : new MessageType(fileSchema.getName(), fields);
    }

    private static void closeAfterFailure(java.io.Closeable file, RandomAccessInput input, Exception failure) {
        try {
            if (file != null) {
                file.close();
            }
            input.close();
        } catch (IOException closing) {
            failure.addSuppressed(closing);
        }
    }
}
