package dev.pipit.plugin.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.spi.format.FormatOptions;
import dev.pipit.spi.format.FormatReader;
import dev.pipit.spi.format.FormatWriter;
import dev.pipit.spi.format.SourceRow;
import dev.pipit.spi.format.WriteColumn;
import dev.pipit.spi.format.WriteColumn.Type;
import dev.pipit.spi.format.WriteOptions;
import dev.pipit.testkit.parquet.FileInput;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sink files written through the format's writer, read back by the format's own reader. */
class ParquetWriterTest {
    private static final List<WriteColumn> EVERY_TYPE = List.of(
            WriteColumn.of("flag", Type.BOOLEAN),
            WriteColumn.of("tiny", Type.INT8),
            WriteColumn.of("small", Type.INT16),
            WriteColumn.of("int", Type.INT32),
            WriteColumn.of("big", Type.INT64),
            WriteColumn.of("real", Type.FLOAT32),
            WriteColumn.of("double", Type.FLOAT64),
            new WriteColumn("price", Type.DECIMAL, 10, 2),
            new WriteColumn("huge", Type.DECIMAL, 38, 4),
            WriteColumn.of("name", Type.STRING),
            WriteColumn.of("raw", Type.BYTES),
            WriteColumn.of("day", Type.DATE),
            WriteColumn.of("at", Type.TIMESTAMP),
            WriteColumn.of("instant", Type.TIMESTAMP_UTC));

    private final ParquetFormatFactory format = new ParquetFormatFactory();

    @TempDir
    Path dir;

    @Test
    void everyColumnTypeReadsBackAsWrittenAndNullsStayNull() throws IOException {
        Path file = dir.resolve("types.parquet");
        Object[] full = {true, (byte) -7, (short) 300, 70_000, 1L << 40, 1.5f, 2.25,
            new BigDecimal("12345678.90"), new BigDecimal("-1234567890123456789012345678901234.5678"), "naïve ✓",
            new byte[] {0, 1, (byte) 0xff}, LocalDate.of(2026, 12, 6), LocalDateTime.of(2026, 12, 6, 14, 5, 6, 789_000),
            Instant.parse("2026-12-06T14:05:06.123456Z")};
        try (FormatWriter writer = format.openWriter(Files.newOutputStream(file),
                new WriteOptions(file.toString(), EVERY_TYPE, false))) {
            writer.write(full);
            writer.write(new Object[EVERY_TYPE.size()]);
        }

        try (FormatReader reader = format.open(new FileInput(file),
                new FormatOptions(file.toString(), "parquet", List.of(), List.of()))) {
            assertThat(reader.fieldNames()).containsExactlyElementsOf(
                    EVERY_TYPE.stream().map(WriteColumn::name).toList());
            SourceRow first = reader.read();
            assertThat(first.field("flag")).isEqualTo(true);
            assertThat(((Number) first.field("tiny")).longValue()).isEqualTo(-7);
            assertThat(((Number) first.field("small")).longValue()).isEqualTo(300);
            assertThat(((Number) first.field("int")).longValue()).isEqualTo(70_000);
            assertThat(first.field("big")).isEqualTo(1L << 40);
            assertThat(((Number) first.field("real")).doubleValue()).isEqualTo(1.5);
            assertThat(first.field("double")).isEqualTo(2.25);
            assertThat(first.field("price")).isEqualTo(new BigDecimal("12345678.90"));
            assertThat(first.field("huge")).isEqualTo(new BigDecimal("-1234567890123456789012345678901234.5678"));
            assertThat(first.field("name")).isEqualTo("naïve ✓");
            // The reader turns bytes that are no text into Base64, as it does with every file's.
            assertThat(first.field("raw")).isEqualTo("AAH/");
            assertThat(first.field("day")).isEqualTo(LocalDate.of(2026, 12, 6));
            assertThat(first.field("at").toString()).startsWith("2026-12-06").contains("14:05:06.000789");
            assertThat(first.field("instant").toString()).startsWith("2026-12-06").contains("14:05:06.123456");
            SourceRow nulls = reader.read();
            for (WriteColumn column : EVERY_TYPE) {
                assertThat(nulls.field(column.name())).as(column.name()).isNull();
            }
            assertThat(reader.read()).isNull();
        }
    }

    @Test
    void rowGroupsAreWrittenOutAsTheyFillAndGzipCompressesThePagesNotTheFile() throws IOException {
        Path file = dir.resolve("many.parquet");
        List<WriteColumn> columns = List.of(WriteColumn.of("id", Type.INT64), WriteColumn.of("noise", Type.STRING));
        Random random = new Random(7);
        List<Long> flushedAt = new ArrayList<>();
        try (OutputStream out = new CountingFile(file, flushedAt);
                FormatWriter writer = new ParquetRowWriter(out, new WriteOptions(file.toString(), columns, true),
                        256 << 10)) {
            for (long id = 0; id < 20_000; id++) {
                byte[] noise = new byte[48];
                random.nextBytes(noise);
                writer.write(new Object[] {id, Arrays.toString(noise)});
            }
        }

        try (ParquetFileReader footer = ParquetFileReader.open(new LocalInputFile(file),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
            assertThat(footer.getFooter().getBlocks()).hasSizeGreaterThan(4).allSatisfy(block ->
                    assertThat(block.getColumns()).allSatisfy(chunk ->
                            assertThat(chunk.getCodec()).isEqualTo(CompressionCodecName.GZIP)));
        }
        assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).startsWith("PAR1").endsWith("PAR1");
        assertThat(flushedAt).as("bytes reached the stream before the last row").isNotEmpty();
        try (FormatReader reader = format.open(new FileInput(file),
                new FormatOptions(file.toString(), "parquet", List.of(), List.of("id")))) {
            long expected = 0;
            for (SourceRow row = reader.read(); row != null; row = reader.read()) {
                assertThat(row.field("id")).isEqualTo(expected++);
            }
            assertThat(expected).isEqualTo(20_000);
        }
    }

    /** A file stream that notes how far it was written each time a write reaches it before the end. */
    private static final class CountingFile extends OutputStream {
        private final OutputStream out;
        private final List<Long> writesBeforeClose;
        private long written;

        CountingFile(Path file, List<Long> writesBeforeClose) throws IOException {
            this.out = Files.newOutputStream(file);
            this.writesBeforeClose = writesBeforeClose;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            written++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            written += length;
            if (written > 1 << 20 && writesBeforeClose.isEmpty()) {
                writesBeforeClose.add(written);
            }
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
