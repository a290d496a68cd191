package dev.pipit.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.pipit.distribution.testutil.InProcessRuns;
import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.history.RunStatus;
import dev.pipit.scheduler.history.SchemaChange;
import dev.pipit.scheduler.history.SchemaChangeKind;
import dev.pipit.scheduler.history.SchemaChanges;
import dev.pipit.scheduler.ledger.FileLedger;
import dev.pipit.scheduler.ledger.FileStatus;
import dev.pipit.scheduler.ledger.LedgerFile;
import dev.pipit.scheduler.run.RunLimits;
import dev.pipit.testkit.db.Backend;
import dev.pipit.testkit.parquet.ParquetFiles;
import dev.pipit.testkit.parquet.ParquetTypeCases.TypeCase;
import dev.pipit.testkit.parquet.ParquetTypeCases;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Parquet files written by parquet-hadoop, imported in process into H2 and into PostgreSQL and compared value by
 * value: every type of {@link ParquetTypeCases} under every codec the tests can write, the schema inferred from
 * the file's own types, a declared schema that reads nested fields, and files that are no Parquet at all.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class ParquetImportTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final List<CompressionCodecName> CODECS = List.of(CompressionCodecName.UNCOMPRESSED,
            CompressionCodecName.SNAPPY, CompressionCodecName.GZIP, CompressionCodecName.ZSTD,
            CompressionCodecName.LZ4_RAW, CompressionCodecName.LZ4);

    @Parameter
    Backend backend;

    @TempDir
    Path dir;

    private Database database;

    @BeforeEach
    void openDatabase() {
        database = Database.open(PipitConfig.of(backend.freshSettings()), dir);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void everyTypeUnderEveryCodecLandsAsWrittenInATableInferredFromTheFile() throws IOException {
        project("");
        for (int i = 0; i < CODECS.size(); i++) {
            CompressionCodecName codec = CODECS.get(i);
            long firstId = 1 + 2L * i;
            land(codec + ".parquet", i, file -> ParquetFiles.write(file, ParquetTypeCases.schema(), codec, 2,
                    (index, row) -> ParquetTypeCases.fill(firstId, index, row)));
        }

        RunRecord run = run();

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.rows()).isEqualTo(2L * CODECS.size());
        List<Tuple> expectedTypes = new ArrayList<>(List.of(tuple("id", "Int64")));
        ParquetTypeCases.CASES.forEach(typeCase ->
                expectedTypes.add(tuple(typeCase.column(), "Nullable(" + typeCase.clickHouseType() + ")")));
        assertThat(new SchemaChanges(database.jdbi()).list("events"))
                .filteredOn(change -> change.kind() == SchemaChangeKind.COLUMN_ADDED)
                .extracting(SchemaChange::columnName, SchemaChange::columnType)
                .containsExactlyElementsOf(expectedTypes);
        for (long id = 1; id <= 2L * CODECS.size(); id++) {
            boolean full = id % 2 == 1;
            for (TypeCase typeCase : ParquetTypeCases.CASES) {
                Object stored = stored(typeCase.column(), typeCase.jdbcType(), id);
                if (full) {
                    assertStored(stored, typeCase.stored(), typeCase.column() + " of row " + id);
                } else {
                    assertThat(stored).as(typeCase.column() + " of row " + id).isNull();
                }
            }
        }
    }

    @Test
    void aDeclaredSchemaReadsNestedFieldsThroughItsJsonPathsAndListsIntoArrays() throws IOException {
        project("""
                SCHEMA >
                    `id` Int64 `json:$.id`,
                    `day` Date `json:$.c_struct.day`,
                    `tag` String `json:$.c_struct.tags[0]`,
                    `tags` Array(String) `json:$.c_struct.tags`,
                    `list` Array(Nullable(Int32)) `json:$.c_list`,
                    `amount` Decimal(9, 2) `json:$.c_dec_int32`
                """);
        land("a.parquet", 0, file -> ParquetFiles.write(file, ParquetTypeCases.schema(), CompressionCodecName.ZSTD,
                1, (index, row) -> ParquetTypeCases.fill(1, index, row)));

        assertThat(run().status()).isEqualTo(RunStatus.SUCCEEDED);

        assertThat(stored("day", LocalDate.class, 1)).isEqualTo(LocalDate.parse("2024-01-02"));
        assertThat(stored("tag", String.class, 1)).isEqualTo("t");
        assertThat(storedArray("tags")).containsExactly("t");
        assertThat(storedArray("list")).containsExactly(1, null, 3);
        assertStored(stored("amount", BigDecimal.class, 1), new BigDecimal("1234567.89"), "amount");
    }

    @Test
    void aValueThatDoesNotFitItsDeclaredColumnGoesToQuarantineWithItsReason() throws IOException {
        project("""
                SCHEMA >
                    `id` Int64 `json:$.id`,
                    `amount` Decimal(5, 2) `json:$.amount`
                """);
        land("a.parquet", 0, file -> ParquetFiles.write(file,
                "message m { required int64 id; required int32 amount (DECIMAL(9,2)); }",
                CompressionCodecName.SNAPPY, 2, (index, row) -> row.append("id", index + 1)
                        .append("amount", index == 0 ? 12_345 : 123_456_789)));

        RunRecord run = run();

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.rows()).isEqualTo(1);
        assertThat(run.quarantined()).isEqualTo(1);
        assertStored(stored("amount", BigDecimal.class, 1), new BigDecimal("123.45"), "amount");
        String reason = database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT \"c__error\"[1] FROM events_quarantine WHERE id = '2'").mapTo(String.class).one());
        assertThat(reason).isEqualTo("value '1234567.89' on column 'amount' is not Decimal(5, 2)");
    }

    @Test
    void aTruncatedFileAndAFileThatIsNoParquetFailWithTheirCauseAndTheNextFileImports() throws IOException {
        project("");
        land("a.parquet", 0, file -> writeIds(file, 1, 2));
        land("b.parquet", 1, file -> {
            writeIds(file, 3, 4);
            byte[] whole = Files.readAllBytes(file);
            Files.write(file, Arrays.copyOf(whole, whole.length - 20));
        });
        land("c.parquet", 2, file -> Files.writeString(file, "id\n5\n"));
        land("d.parquet", 3, file -> writeIds(file, 6, 7));

        RunRecord run = run();

        assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);
        List<LedgerFile> failed = new FileLedger(database.jdbi()).list("events", FileStatus.FAILED, 10);
        assertThat(failed).extracting(file -> file.uri().substring(file.uri().lastIndexOf('/') + 1))
                .containsExactlyInAnyOrder("b.parquet", "c.parquet");
        // The ledger row names the file already; the error says only what is wrong with it.
        assertThat(failed).allSatisfy(file -> assertThat(file.error())
                .startsWith("not a readable Parquet file: ")
                .contains("is not a Parquet file"));
        List<Long> ids = database.jdbi().withHandle(handle -> handle.createQuery("SELECT id FROM events ORDER BY id")
                .mapTo(Long.class).list());
        assertThat(ids).containsExactly(1L, 2L, 6L, 7L);
    }

    private static void writeIds(Path file, long first, long last) throws IOException {
        ParquetFiles.write(file, "message m { required int64 id; }", CompressionCodecName.SNAPPY, last - first + 1,
                (index, row) -> row.add("id", first + index));
    }

    private static void assertStored(Object actual, Object expected, String description) {
        if (expected instanceof BigDecimal decimal) {
            assertThat((BigDecimal) actual).as(description).isEqualByComparingTo(decimal);
        } else if (expected instanceof OffsetDateTime time) {
            assertThat(((OffsetDateTime) actual).withOffsetSameInstant(ZoneOffset.UTC)).as(description).isEqualTo(time);
        } else {
            assertThat(actual).as(description).isEqualTo(expected);
        }
    }

    private void project(String schema) throws IOException {
        Files.createDirectories(dir.resolve("connections"));
        Files.createDirectories(dir.resolve("datasources"));
        Files.createDirectories(dir.resolve("inbox/events"));
        Files.writeString(dir.resolve("connections/inbox.connection"), "TYPE local\n");
        Files.writeString(dir.resolve("datasources/events.datasource"), schema + """

                IMPORT_CONNECTION_NAME inbox
                IMPORT_BUCKET_URI file://./inbox/events/*.parquet
                IMPORT_SCHEDULE @on-demand
                IMPORT_STRATEGY APPEND
                """);
    }

    private void land(String name, int second, FileWriter writer) throws IOException {
        Path file = dir.resolve("inbox/events").resolve(name);
        writer.write(file);
        Files.setLastModifiedTime(file, FileTime.from(T0.plusSeconds(second)));
    }

    private RunRecord run() {
        return InProcessRuns.run(database, dir, "events", new RunLimits(RunLimits.DEFAULT_AUTO_INTERVAL, 5, 4));
    }

    private Object stored(String column, Class<?> type, long id) {
        return database.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT \"" + column + "\" FROM events WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> rs.getObject(1, type))
                .one());
    }

    private Object[] storedArray(String column) {
        return database.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT \"" + column + "\" FROM events WHERE id = 1")
                .map((rs, ctx) -> (Object[]) rs.getArray(1).getArray())
                .one());
    }

    private interface FileWriter {
        void write(Path file) throws IOException;
    }
}
