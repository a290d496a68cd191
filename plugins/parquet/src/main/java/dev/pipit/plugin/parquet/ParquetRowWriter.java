package dev.pipit.plugin.parquet;

import dev.pipit.spi.format.FormatWriter;
import dev.pipit.spi.format.WriteOptions;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

/**
 * A sink's Parquet file, streamed onto the core's upload: parquet-hadoop's writer buffers one row group of about
 * {@link #ROW_GROUP_BYTES} (encoded and compressed) and writes it out when it fills, then the footer on close. So
 * memory holds one row group per open file, whatever the number of rows, and no temporary file is needed.
 */
final class ParquetRowWriter implements FormatWriter {
    /** Readers fetch and decode a row group at a time; 32 MiB keeps that cheap and a small daemon's heap safe. */
    static final int ROW_GROUP_BYTES = 32 << 20;

    private final ParquetWriter<Object[]> writer;

    ParquetRowWriter(OutputStream output, WriteOptions options) throws IOException {
        this(output, options, ROW_GROUP_BYTES);
    }

    /** @param rowGroupBytes the size at which a row group is written out */
    ParquetRowWriter(OutputStream output, WriteOptions options, long rowGroupBytes) throws IOException {
        // A plain configuration, not Hadoop's: nothing is read from core-site.xml or the environment.
        this.writer = new Builder(new StreamOutputFile(output, options.target()), new RowWriteSupport(options.columns()))
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(new JavaCompressors())
                .withCompressionCodec(options.compress() ? CompressionCodecName.GZIP : CompressionCodecName.SNAPPY)
                .withRowGroupSize(rowGroupBytes)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build();
    }

    @Override
    public void write(Object[] row) throws IOException {
        writer.write(row);
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
        private final WriteSupport<Object[]> support;

        Builder(OutputFile file, WriteSupport<Object[]> support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(ParquetConfiguration configuration) {
            return support;
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(Configuration configuration) {
            return support;
        }
    }
}
