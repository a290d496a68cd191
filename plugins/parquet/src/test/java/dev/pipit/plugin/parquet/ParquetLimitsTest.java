package dev.pipit.plugin.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

import dev.pipit.spi.error.ContentException;
import dev.pipit.spi.format.FormatOptions;
import dev.pipit.spi.format.FormatReader;
import dev.pipit.testkit.parquet.FileInput;
import dev.pipit.testkit.parquet.ParquetFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hostile files: every expansion stops at the limit with a message naming it, never in an OutOfMemoryError, and as
 * a {@link ContentException}, so the core fails the file for good.
 */
class ParquetLimitsTest {
    private static final long LIMIT = 1L << 20;

    private final ParquetFormatFactory format = new ParquetFormatFactory();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = CompressionCodecName.class, names = {"GZIP", "ZSTD", "SNAPPY", "LZ4_RAW"})
    void aPageThatExpandsPastTheLimitFailsTheFileNamingIt(CompressionCodecName codec) throws IOException {
        Path file = dir.resolve("bomb.parquet");
        // Two megabytes of one letter compress to a few kilobytes under every codec.
        ParquetFiles.write(file, "message m { required binary blob; }", codec, 1,
                (index, row) -> row.append("blob", Binary.fromConstantByteArray(new byte[2 << 20])));

        assertThatExceptionOfType(ContentException.class).isThrownBy(() -> readAll(file))
                .withMessageContaining("row 1 cannot be read: a " + codec + " page expands to ")
                .withMessageContaining("more than import.max-value-size allows (1 MB)");
    }

    @Test
    void aBrotliPageClaimingMoreThanTheLimitIsRefusedBeforeAnyByteIsAllocated() {
        // Java has no Brotli encoder; the header's size is what is checked, before the codec runs at all.
        assertThatIOException()
                .isThrownBy(() -> new JavaDecompressors(LIMIT).getDecompressor(CompressionCodecName.BROTLI)
                        .decompress(BytesInput.from(new byte[] {1, 2, 3}), Integer.MAX_VALUE))
                .isInstanceOf(LimitExceededException.class)
                .withMessage("a BROTLI page expands to 2147483647 bytes, more than import.max-value-size allows"
                        + " (1 MB)");
    }

    @Test
    void aValueSpreadOverManySmallPagesStopsAtTheLimit() throws IOException {
        Path file = dir.resolve("long-list.parquet");
        // 200,000 booleans take 25 kB of pages, and far more once each is a value in memory.
        ParquetFiles.write(file, "message m { required int64 id; repeated boolean flags; }",
                CompressionCodecName.SNAPPY, 1, (index, row) -> {
                    row.append("id", index);
                    for (int i = 0; i < 200_000; i++) {
                        row.append("flags", i % 3 == 0);
                    }
                });

        assertThatExceptionOfType(ContentException.class).isThrownBy(() -> readAll(file))
                .withMessageContaining("row 1 cannot be read: the value of field 'flags' grows past 1 MB, the most"
                        + " import.max-value-size allows");
    }

    @Test
    void aSchemaNestedThousandsDeepIsRefusedAtOpening() throws Exception {
        Path file = dir.resolve("deep.parquet");
        int depth = 3_000;
        StringBuilder schema = new StringBuilder("message m { required int64 id; ");
        for (int i = 0; i < depth; i++) {
            schema.append("optional group g").append(i).append(" { ");
        }
        schema.append("optional int32 leaf; ").append("} ".repeat(depth)).append("}");
        // The writer recurses once per level; a thread with a large stack writes what a hostile writer would.
        inLargeStack(() -> ParquetFiles.write(file, schema.toString(), CompressionCodecName.UNCOMPRESSED, 1,
                (index, row) -> row.append("id", index)));

        assertThatExceptionOfType(ContentException.class).isThrownBy(() -> readAll(file))
                .withMessageStartingWith(file + ": not a readable Parquet file: its schema nests groups more than"
                        + " 100 levels deep (at 'g100'), deeper than Pipit reads");
    }

    @Test
    void valuesUnderTheLimitReadAsBefore() throws IOException {
        Path file = dir.resolve("fine.parquet");
        ParquetFiles.write(file, "message m { required int64 id; repeated int32 xs; }", CompressionCodecName.ZSTD,
                3, (index, row) -> row.append("id", index).append("xs", 1).append("xs", 2));

        assertThat(readAll(file)).isEqualTo(3);
    }

    private long readAll(Path file) throws IOException {
        long rows = 0;
        try (FormatReader reader = format.open(new FileInput(file),
                new FormatOptions(file.toString(), "parquet", List.of(), List.of(), LIMIT))) {
            while (reader.read() != null) {
                rows++;
            }
        }
        return rows;
    }

    private static void inLargeStack(IoAction action) throws Exception {
        Exception[] failure = new Exception[1];
        Thread thread = new Thread(null, () -> {
            try {
                action.run();
            } catch (Exception e) {
                failure[0] = e;
            }
        }, "deep-writer", 512L << 20);
        thread.start();
        thread.join();
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private interface IoAction {
        void run() throws Exception;
    }
}
