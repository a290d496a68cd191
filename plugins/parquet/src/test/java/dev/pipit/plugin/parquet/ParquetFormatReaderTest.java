package dev.pipit.plugin.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

import dev.pipit.spi.format.FormatOptions;
import dev.pipit.spi.format.FormatReader;
import dev.pipit.spi.format.SourceRow;
import dev.pipit.testkit.parquet.FileInput;
import dev.pipit.testkit.parquet.ParquetFiles;
import dev.pipit.testkit.parquet.ParquetTypeCases.TypeCase;
import dev.pipit.testkit.parquet.ParquetTypeCases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ParquetFormatReaderTest {
    private final ParquetFormatFactory format = new ParquetFormatFactory();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = CompressionCodecName.class, mode = EnumSource.Mode.EXCLUDE, names = "BROTLI")
    void readsEveryTypeUnderEveryCodec(CompressionCodecName codec) throws IOException {
        Path file = dir.resolve("types.parquet");
        ParquetFiles.write(file, ParquetTypeCases.schema(), codec, 2,
                (index, row) -> ParquetTypeCases.fill(1, index, row));

        try (FormatReader reader = open(file, List.of())) {
            List<String> names = new ArrayList<>(List.of("id"));
            List<String> types = new ArrayList<>(List.of("Int64"));
            for (TypeCase typeCase : ParquetTypeCases.CASES) {
                names.add(typeCase.column());
                types.add("Nullable(" + typeCase.clickHouseType() + ")");
            }
            assertThat(reader.fieldNames()).containsExactlyElementsOf(names);
            assertThat(reader.fieldTypes()).containsExactlyElementsOf(types);

            SourceRow full = reader.read();
            assertThat(full.line()).isEqualTo(1);
            assertThat(full.field("id")).isEqualTo(1L);
            for (TypeCase typeCase : ParquetTypeCases.CASES) {
                assertThat(full.field(typeCase.column())).as(typeCase.column()).isEqualTo(typeCase.read());
            }
            SourceRow empty = reader.read();
            assertThat(empty.field("id")).isEqualTo(2L);
            for (TypeCase typeCase : ParquetTypeCases.CASES) {
                assertThat(empty.field(typeCase.column())).as(typeCase.column()).isNull();
            }
            assertThat(reader.read()).isNull();
        }
    }

    @Test
    void readsRowGroupByRowGroupAndOnlyTheNeededColumns() throws IOException {
        Path file = dir.resolve("wide.parquet");
        String schema = "message m { required int64 id; required binary padding (STRING); }";
        String padding = "x".repeat(200);
        ParquetFiles.write(file, schema, CompressionCodecName.UNCOMPRESSED, 20_000, 64 * 1024,
                (index, row) -> row.append("id", index).append("padding", padding + index));

        long sum = 0;
        long rows = 0;
        try (FileInput input = new FileInput(file);
                FormatReader reader = format.open(input, new FormatOptions("wide.parquet", "parquet", List.of("id"),
                        List.of("id")))) {
            assertThat(reader.fieldNames()).containsExactly("id");
            SourceRow record;
            while ((record = reader.read()) != null) {
                rows++;
                sum += (Long) record.field("id");
                assertThat(record.line()).isEqualTo(rows);
            }
            assertThat(input.bytesRead()).isLessThan(Files.size(file) / 4);
        }
        assertThat(rows).isEqualTo(20_000);
        assertThat(sum).isEqualTo(19_999L * 20_000 / 2);
    }

    /**
     * One row group of about 16 MB, dictionary-encoded with nulls (v1 pages) and plain (v2 pages, as non-Java
     * writers write): every row comes back, and no read from the file is larger than a page and a read buffer, so
     * the row group is never held whole.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsALargeRowGroupPageByPage(boolean likeNonJavaWriters) throws IOException {
        Path file = dir.resolve("large.parquet");
        String schema = "message m { required int64 id; optional binary city (STRING); required binary note (STRING); }";
        long rows = 400_000;
        java.util.function.BiConsumer<Long, org.apache.parquet.example.data.Group> fill = (index, row) -> {
            row.append("id", index);
            if (index % 7 != 0) {
                row.append("city", "city-" + index % 100);
            }
            row.append("note", note(index));
        };
        if (likeNonJavaWriters) {
            ParquetFiles.writeLikeNonJavaWriters(file, schema, CompressionCodecName.UNCOMPRESSED, rows, fill);
        } else {
            ParquetFiles.write(file, schema, CompressionCodecName.UNCOMPRESSED, rows, fill);
        }
        assertThat(Files.size(file)).isGreaterThan(8L << 20);

        long count = 0;
        long nulls = 0;
        try (FileInput input = new FileInput(file);
                FormatReader reader = format.open(input,
                        new FormatOptions("large.parquet", "parquet", List.of(), List.of()))) {
            SourceRow record;
            while ((record = reader.read()) != null) {
                assertThat(record.field("id")).isEqualTo(count);
                assertThat(record.field("note")).isEqualTo(note(count));
                if (record.field("city") == null) {
                    nulls++;
                } else {
                    assertThat(record.field("city")).isEqualTo("city-" + count % 100);
                }
                count++;
            }
            assertThat(input.largestRead()).isLessThan(3 << 20);
        }
        assertThat(count).isEqualTo(rows);
        assertThat(nulls).isEqualTo((rows + 6) / 7);
    }

    /** Text that shares no prefix with its neighbours, so no encoding shrinks the file below the size tested. */
    private static String note(long index) {
        long mixed = index * 0x9E3779B97F4A7C15L;
        return Long.toHexString(mixed) + Long.toHexString(Long.rotateLeft(mixed, 21))
                + Long.toHexString(Long.rotateLeft(mixed, 42));
    }

    @Test
    void aTruncatedFileIsNoReadableParquetFile() throws IOException {
        Path file = dir.resolve("whole.parquet");
        ParquetFiles.write(file, ParquetTypeCases.schema(), CompressionCodecName.SNAPPY, 10,
                (index, row) -> ParquetTypeCases.fill(1, index, row));
        Path truncated = dir.resolve("truncated.parquet");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertThatIOException().isThrownBy(() -> open(truncated, List.of()))
                .withMessageStartingWith(truncated + ": not a readable Parquet file: ");
    }

    @Test
    void aFileThatIsNotParquetIsNoReadableParquetFile() throws IOException {
        Path file = dir.resolve("fake.parquet");
        Files.writeString(file, "id,name\n1,Ann\n");

        assertThatIOException().isThrownBy(() -> open(file, List.of()))
                .withMessageStartingWith(file + ": not a readable Parquet file: ")
                .withMessageContaining("not a Parquet file");
    }

    private FormatReader open(Path file, List<String> neededFields) throws IOException {
        return format.open(new FileInput(file),
                new FormatOptions(file.toString(), "parquet", List.of(), neededFields));
    }
}
