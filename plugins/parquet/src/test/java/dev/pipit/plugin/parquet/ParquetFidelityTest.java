package dev.pipit.plugin.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.spi.format.FormatOptions;
import dev.pipit.spi.format.FormatReader;
import dev.pipit.spi.format.SourceRow;
import dev.pipit.testkit.parquet.FileInput;
import dev.pipit.testkit.parquet.ParquetFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Files other readers load, read the way they read them. */
class ParquetFidelityTest {
    private final ParquetFormatFactory format = new ParquetFormatFactory();

    @TempDir
    Path dir;

    @Test
    void bytesWithoutAStringTypeAreTextOnlyWhenPrintableAndBase64Otherwise() throws IOException {
        Path file = dir.resolve("binary.parquet");
        byte[] withNul = "a\0b".getBytes(StandardCharsets.UTF_8);
        byte[] arbitrary = {(byte) 0xff, 0, 1, 2};
        ParquetFiles.write(file, "message m { required binary raw; required fixed_len_byte_array(4) fixed; }",
                CompressionCodecName.SNAPPY, 3, (index, row) -> {
                    byte[] raw = index == 0 ? "plain text, ütf-8".getBytes(StandardCharsets.UTF_8)
                            : index == 1 ? withNul : arbitrary;
                    row.append("raw", Binary.fromConstantByteArray(raw))
                            .append("fixed", Binary.fromConstantByteArray(index == 0 ? "abcd".getBytes() : arbitrary));
                });

        List<SourceRow> records = readAll(file);

        assertThat(records).extracting(record -> record.field("raw")).containsExactly("plain text, ütf-8",
                Base64.getEncoder().encodeToString(withNul), Base64.getEncoder().encodeToString(arbitrary));
        assertThat(records).extracting(record -> record.field("fixed")).containsExactly("abcd",
                "/wABAg==", "/wABAg==");
    }

    @ParameterizedTest
    @EnumSource(value = CompressionCodecName.class, names = {"SNAPPY", "LZ4", "LZ4_RAW", "ZSTD", "GZIP"})
    void filesOfNonJavaWritersReadEmptyV2PagesAndUnframedLz4(CompressionCodecName codec) throws IOException {
        Path file = dir.resolve("arrow.parquet");
        ParquetFiles.writeLikeNonJavaWriters(file,
                "message m { required int64 id; optional double nothing; optional binary name (STRING); }",
                codec, 3, (index, row) -> row.append("id", index).append("name", "name " + index));

        List<SourceRow> records = readAll(file);

        assertThat(records).extracting(record -> record.field("id")).containsExactly(0L, 1L, 2L);
        assertThat(records).extracting(record -> record.field("nothing")).containsOnlyNulls();
        assertThat(records).extracting(record -> record.field("name")).containsExactly("name 0", "name 1", "name 2");
    }

    @ParameterizedTest
    @EnumSource(CompressionCodecName.class)
    void aPageWithNoBytesOfDataIsEmptyUnderEveryCodec(CompressionCodecName codec) throws IOException {
        // Writers other than parquet-hadoop store no bytes at all, rather than the codec's encoding of nothing.
        assertThat(new JavaDecompressors(FormatOptions.DEFAULT_MAX_VALUE_BYTES).getDecompressor(codec)
                .decompress(BytesInput.empty(), 0).size()).isZero();
    }

    @Test
    void aLogicalTypeTheReaderDoesNotKnowReadsAsItsPhysicalType() throws IOException {
        Path file = dir.resolve("future.parquet");
        byte[] bytes = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        ParquetFiles.write(file, "message m { required int64 id; required fixed_len_byte_array(16) u (UUID); }",
                CompressionCodecName.UNCOMPRESSED, 1,
                (index, row) -> row.append("id", index).append("u", Binary.fromConstantByteArray(bytes)));
        ParquetFiles.makeLogicalTypeUnknown(file, 14);

        try (FormatReader reader = open(file)) {
            assertThat(reader.fieldTypes()).containsExactly("Int64", "String");
            assertThat(reader.read().field("u")).isEqualTo(Base64.getEncoder().encodeToString(bytes));
        }
    }

    private List<SourceRow> readAll(Path file) throws IOException {
        List<SourceRow> records = new ArrayList<>();
        try (FormatReader reader = open(file)) {
            SourceRow record;
            while ((record = reader.read()) != null) {
                records.add(record);
            }
        }
        return records;
    }

    private FormatReader open(Path file) throws IOException {
        return format.open(new FileInput(file), new FormatOptions(file.toString(), "parquet", List.of(), List.of()));
    }
}
