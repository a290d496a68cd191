package dev.pipit.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.distribution.testutil.InProcessRuns;
import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.history.RunStatus;
import dev.pipit.scheduler.history.SchemaChangeKind;
import dev.pipit.scheduler.history.SchemaChanges;
import dev.pipit.scheduler.run.RunLimits;
import dev.pipit.testkit.db.Backend;
import dev.pipit.testkit.parquet.ParquetFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Values arrive as they were written, value by value on H2 and PostgreSQL: binary Parquet values as Base64 text
 * (never quarantined for a NUL), integers with leading zeros as text, files of non-Java writers (empty v2 pages,
 * LZ4 without Hadoop's framing) and a logical type newer than the reader.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class FidelityTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    @Parameter
    Backend backend;

    @TempDir
    Path dir;

    private Database database;

    @BeforeEach
    void openDatabase() throws IOException {
        database = Database.open(PipitConfig.of(backend.freshSettings()), dir);
        Files.createDirectories(dir.resolve("connections"));
        Files.writeString(dir.resolve("connections/inbox.connection"), "TYPE local\n");
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void binaryParquetValuesAreStoredAsBase64TextAndNeverQuarantined() throws IOException {
        dataSource("blobs", "parquet");
        byte[] withNul = "a\0b".getBytes(StandardCharsets.UTF_8);
        List<byte[]> fixed = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            byte[] bytes = new byte[8];
            for (int b = 0; b < bytes.length; b++) {
                bytes[b] = (byte) (i * 31 + b * 7);
            }
            fixed.add(bytes);
        }
        land("blobs", "a.parquet", 0, file -> ParquetFiles.write(file,
                "message m { required int64 id; required binary raw; required fixed_len_byte_array(8) fixed; }",
                CompressionCodecName.SNAPPY, 1000, (index, row) -> row.append("id", index)
                        .append("raw", Binary.fromConstantByteArray(index % 2 == 0 ? withNul : ("text " + index)
                                .getBytes(StandardCharsets.UTF_8)))
                        .append("fixed", Binary.fromConstantByteArray(fixed.get(index.intValue())))));

        RunRecord run = run("blobs");

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.quarantined()).isZero();
        assertThat(columnTypes("blobs")).containsExactly("id Int64", "raw String", "fixed String");
        List<List<String>> rows = rows("SELECT raw, fixed FROM blobs ORDER BY id", 2);
        assertThat(rows).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            String raw = i % 2 == 0 ? Base64.getEncoder().encodeToString(withNul) : "text " + i;
            String text = printableText(fixed.get(i));
            String expectedFixed = text != null ? text : Base64.getEncoder().encodeToString(fixed.get(i));
            assertThat(rows.get(i)).as("row " + i).containsExactly(raw, expectedFixed);
        }
    }

    @Test
    void integersWithLeadingZerosStayText() throws IOException {
        dataSource("zips", "csv");
        land("zips", "a.csv", 0, file -> Files.writeString(file, "zip,count\n08123,1\n10115,2\n00501,3\n"));

        assertThat(run("zips").status()).isEqualTo(RunStatus.SUCCEEDED);

        assertThat(columnTypes("zips")).containsExactly("zip String", "count Int64");
        assertThat(rows("SELECT zip, CAST(count AS varchar) FROM zips ORDER BY count", 2)).containsExactly(
                List.of("08123", "1"), List.of("10115", "2"), List.of("00501", "3"));
    }

    @Test
    void filesOfNonJavaWritersAndNewerLogicalTypesReadAsOtherReadersReadThem() throws IOException {
        dataSource("arrow", "parquet");
        String schema = "message m { required int64 id; optional double nothing; optional binary name (STRING); }";
        int second = 0;
        for (CompressionCodecName codec : List.of(CompressionCodecName.SNAPPY, CompressionCodecName.LZ4,
                CompressionCodecName.ZSTD)) {
            long first = second * 10L;
            land("arrow", codec + ".parquet", second++, file -> ParquetFiles.writeLikeNonJavaWriters(file, schema,
                    codec, 2, (index, row) -> row.append("id", first + index).append("name", "n" + (first + index))));
        }
        byte[] uuid = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        land("arrow", "z-future.parquet", 9, file -> {
            ParquetFiles.write(file, "message m { required int64 id; optional double nothing;"
                            + " optional binary name (STRING); optional fixed_len_byte_array(16) later (UUID); }",
                    CompressionCodecName.UNCOMPRESSED, 1, (index, row) -> row.append("id", 99L).append("name", "n99")
                            .append("later", Binary.fromConstantByteArray(uuid)));
            ParquetFiles.makeLogicalTypeUnknown(file, 14);
        });

        RunRecord run = run("arrow");

        assertThat(run.status()).as(run.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(rows("SELECT CAST(id AS varchar), name, CAST(nothing AS varchar), later FROM arrow ORDER BY id", 4))
                .containsExactly(
                        Arrays.asList("0", "n0", null, null), Arrays.asList("1", "n1", null, null),
                        Arrays.asList("10", "n10", null, null), Arrays.asList("11", "n11", null, null),
                        Arrays.asList("20", "n20", null, null), Arrays.asList("21", "n21", null, null),
                        Arrays.asList("99", "n99", null, Base64.getEncoder().encodeToString(uuid)));
    }

    /** The bytes as text when they are valid UTF-8 without control characters, else {@code null}. */
    private static String printableText(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
        return text.chars().anyMatch(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f)
                ? null : text;
    }

    private void dataSource(String name, String extension) throws IOException {
        Files.createDirectories(dir.resolve("datasources"));
        Files.createDirectories(dir.resolve("inbox").resolve(name));
        Files.writeString(dir.resolve("datasources").resolve(name + ".datasource"), """
                IMPORT_CONNECTION_NAME inbox
                IMPORT_BUCKET_URI file://./inbox/%s/*.%s
                IMPORT_SCHEDULE @on-demand
                IMPORT_STRATEGY APPEND
                """.formatted(name, extension));
    }

    private void land(String dataSource, String name, int second, FileWriter writer) throws IOException {
        Path file = dir.resolve("inbox").resolve(dataSource).resolve(name);
        writer.write(file);
        Files.setLastModifiedTime(file, FileTime.from(T0.plusSeconds(second)));
    }

    private RunRecord run(String dataSource) {
        return InProcessRuns.run(database, dir, dataSource, new RunLimits(RunLimits.DEFAULT_AUTO_INTERVAL, 5, 100));
    }

    private List<String> columnTypes(String dataSource) {
        return new SchemaChanges(database.jdbi()).list(dataSource).stream()
                .filter(change -> change.kind() == SchemaChangeKind.COLUMN_ADDED)
                .map(change -> change.columnName() + " " + change.columnType())
                .toList();
    }

    private List<List<String>> rows(String sql, int columns) {
        return database.jdbi().withHandle(handle -> handle.createQuery(sql).map((rs, ctx) -> {
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= columns; i++) {
                row.add(rs.getString(i));
            }
            return row;
        }).list());
    }

    @FunctionalInterface
    private interface FileWriter {
        void write(Path file) throws IOException;
    }
}
