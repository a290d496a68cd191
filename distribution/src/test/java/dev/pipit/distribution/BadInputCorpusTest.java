package dev.pipit.distribution;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.pipit.distribution.testutil.InProcessRuns;
import dev.pipit.distribution.testutil.TestProjects;
import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.history.RunStatus;
import dev.pipit.scheduler.history.RunTrigger;
import dev.pipit.scheduler.ledger.FileLedger;
import dev.pipit.scheduler.ledger.FileStatus;
import dev.pipit.scheduler.ledger.LedgerFile;
import dev.pipit.scheduler.run.ImportRunner;
import dev.pipit.scheduler.run.RunLimits;
import dev.pipit.scheduler.run.RunListener;
import dev.pipit.testkit.db.Backend;
import dev.pipit.testkit.parquet.ParquetFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A corpus of broken files the test writes itself (CSV, NDJSON, Parquet), landed in one bucket between good files:
 * each broken file either imports with its bad rows in quarantine or is marked failed with a one-line cause; none
 * hangs a run or stops the good files after it. On H2 and on PostgreSQL, whose text types refuse NUL bytes.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class BadInputCorpusTest {
    /** A hang guard only: the whole corpus imports in a few seconds. */
    private static final Duration HANG_GUARD = Duration.ofMinutes(3);
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final String HEADER = "id,name,amount\n";

    @Parameter
    Backend backend;

    @TempDir
    Path dir;

    private Database database;
    private int order;

    @AfterEach
    void closeDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void everyBrokenCsvFileImportsWithQuarantineOrFailsWithACause() throws Exception {
        TestProjects.project(dir, "corpus", "@on-demand");
        land("corpus", "a-good.csv", HEADER + "1,one,1.5\n2,two,2.5\n");
        land("corpus", "b-unbalanced-quote.csv", HEADER + "3,\"never closed,3.5\n4,four,4.5\n");
        land("corpus", "c-ragged.csv", HEADER + "5,five\n6,six,6.5,extra\n7,seven,7.5\n");
        land("corpus", "d-invalid-utf8.csv", bytes(HEADER + "8,", new byte[] {(byte) 0xc3, 0x28, (byte) 0xff},
                ",8.5\n9,nine,9.5\n"));
        land("corpus", "e-nul-bytes.csv", HEADER + "10,te\0n,10.5\n11,eleven,11.5\n");
        land("corpus", "f-ten-megabyte-line.csv", HEADER + "12," + "x".repeat(10 * 1024 * 1024) + ",12.5\n");
        land("corpus", "g-header-only.csv", HEADER);
        land("corpus", "h-zero-bytes.csv", "");
        land("corpus", "i-bad-values.csv", HEADER + "13,thirteen,not-a-number\nfourteen,14,14.5\n15,fifteen,15.5\n");
        land("corpus", "j key with spaces.csv", HEADER + "16,sixteen,16.5\n");
        land("corpus", "k-données-日本.csv", HEADER + "17,seventeen,17.5\n");
        land("corpus", "z-good.csv", HEADER + "18,eighteen,18.5\n");

        RunRecord run = runToTheEnd("corpus");
        Map<String, LedgerFile> files = ledgerByName("corpus");

        printOutcomes(files);
        assertThat(run.status()).isIn(RunStatus.SUCCEEDED, RunStatus.PARTIAL);
        assertThat(files).hasSize(12);
        assertThat(files.values()).allSatisfy(BadInputCorpusTest::importedOrFailedWithAReadableCause);
        assertThat(files.get("a-good.csv").status()).isEqualTo(FileStatus.IMPORTED);
        assertThat(files.get("z-good.csv").status()).isEqualTo(FileStatus.IMPORTED);
        assertThat(files.get("j key with spaces.csv").status()).isEqualTo(FileStatus.IMPORTED);
        assertThat(files.get("k-données-日本.csv").status()).isEqualTo(FileStatus.IMPORTED);
        assertThat(files.get("g-header-only.csv")).satisfies(file -> {
            assertThat(file.status()).isEqualTo(FileStatus.IMPORTED);
            assertThat(file.rows()).isZero();
        });
        assertThat(files.get("i-bad-values.csv")).satisfies(file -> {
            assertThat(file.status()).isEqualTo(FileStatus.IMPORTED);
            assertThat(file.rows()).isEqualTo(1);
            assertThat(file.quarantined()).isEqualTo(2);
        });
        assertThat(files.get("b-unbalanced-quote.csv")).satisfies(file -> {
            assertThat(file.status()).isEqualTo(FileStatus.IMPORTED);
            assertThat(file.rows()).isZero();
            assertThat(file.quarantined()).isEqualTo(1);
        });
        assertThat(files.get("c-ragged.csv")).satisfies(file -> {
            assertThat(file.rows()).isEqualTo(2);
            assertThat(file.quarantined()).isEqualTo(1);
        });
        assertThat(files.get("d-invalid-utf8.csv")).satisfies(file -> {
            assertThat(file.status()).isEqualTo(FileStatus.FAILED);
            assertThat(file.error()).contains("not a text file (it is not UTF-8)");
        });
        assertThat(files.get("e-nul-bytes.csv")).satisfies(file -> {
            assertThat(file.status()).isEqualTo(FileStatus.FAILED);
            assertThat(file.error()).contains("not a text file (it holds NUL bytes)");
        });
        assertThat(files.get("f-ten-megabyte-line.csv").rows()).isEqualTo(1);
        assertThat(files.get("h-zero-bytes.csv").status()).isEqualTo(FileStatus.IMPORTED);
        assertThat(ids("corpus")).contains(1L, 2L, 7L, 15L, 16L, 17L, 18L);
        assertThat(ledgerRowsAgreeWithTheTables("corpus")).isTrue();
    }

    @Test
    void ndjsonWithInvalidLinesQuarantinesThemAndABrokenFirstLineFailsTheFile() throws Exception {
        Files.createDirectories(dir.resolve("connections"));
        Files.createDirectories(dir.resolve("datasources"));
        Files.createDirectories(dir.resolve("inbox/lines"));
        Files.writeString(dir.resolve("connections/inbox.connection"), "TYPE local\n");
        Files.writeString(dir.resolve("datasources/lines.datasource"), """
                SCHEMA >
                    `id` Int64 `json:$.id`,
                    `name` String `json:$.name`

                IMPORT_CONNECTION_NAME inbox
                IMPORT_BUCKET_URI file://./inbox/lines/*.ndjson
                IMPORT_SCHEDULE @on-demand
                IMPORT_STRATEGY APPEND
                """);
        land("lines", "a-good.ndjson", "{\"id\":1,\"name\":\"one\"}\n{\"id\":2,\"name\":\"two\"}\n");
        land("lines", "b-invalid-lines.ndjson", """
                {"id":3,"name":"three"}
                {"id":4,"name":
                not json at all
                [1,2,3]
                {"id":"five","name":"five"}
                {"id":6,"name":"six"}
                """);
        land("lines", "c-first-line-broken.ndjson", "{{{\n{\"id\":7,\"name\":\"seven\"}\n");
        land("lines", "d-zero-bytes.ndjson", "");
        land("lines", "e-nul-bytes.ndjson", "{\"id\":8,\"name\":\"ei\\u0000ght\"}\n{\"id\":9,\"name\":\"nine\"}\n");
        land("lines", "z-good.ndjson", "{\"id\":10,\"name\":\"ten\"}\n");

        RunRecord run = runToTheEnd("lines");
        Map<String, LedgerFile> files = ledgerByName("lines");

        printOutcomes(files);
        assertThat(run.status()).isIn(RunStatus.SUCCEEDED, RunStatus.PARTIAL);
        assertThat(files.values()).allSatisfy(BadInputCorpusTest::importedOrFailedWithAReadableCause);
        assertThat(files.get("b-invalid-lines.ndjson")).satisfies(file -> {
            assertThat(file.status()).isEqualTo(FileStatus.IMPORTED);
            assertThat(file.rows()).isEqualTo(2);
            assertThat(file.quarantined()).isEqualTo(4);
        });
        assertThat(files.get("c-first-line-broken.ndjson")).satisfies(file -> {
            assertThat(file.status()).isEqualTo(FileStatus.FAILED);
            assertThat(file.error()).contains("c-first-line-broken.ndjson:1: not an NDJSON file");
        });
        assertThat(files.get("e-nul-bytes.ndjson")).satisfies(file -> {
            assertThat(file.status()).isEqualTo(FileStatus.IMPORTED);
            assertThat(file.rows()).isEqualTo(1);
            assertThat(file.quarantined()).isEqualTo(1);
        });
        assertThat(files.get("z-good.ndjson").status()).isEqualTo(FileStatus.IMPORTED);
        assertThat(ids("lines")).contains(1L, 2L, 3L, 6L, 10L);
        assertThat(ledgerRowsAgreeWithTheTables("lines")).isTrue();
    }

    @Test
    void brokenParquetFilesFailWithTheirCauseAndTheOthersImport() throws Exception {
        TestProjects.project(dir, "columns", "@on-demand");
        Files.writeString(dir.resolve("datasources/columns.datasource"), """
                SCHEMA >
                    `id` Int64 `json:$.id`

                IMPORT_CONNECTION_NAME inbox
                IMPORT_BUCKET_URI file://./inbox/columns/*.parquet
                IMPORT_SCHEDULE @on-demand
                """);
        landParquet("a-good.parquet", 0, 100, whole -> whole);
        landParquet("b-truncated-footer.parquet", 100, 100, whole -> Arrays.copyOf(whole, whole.length - 30));
        landParquet("c-wrong-magic.parquet", 200, 100, whole -> {
            byte[] copy = whole.clone();
            copy[copy.length - 1] = '2';
            return copy;
        });
        landParquet("d-corrupted-page.parquet", 300, 5_000, whole -> {
            byte[] copy = whole.clone();
            Arrays.fill(copy, 40, 400, (byte) 0x7f);
            return copy;
        });
        landParquet("e-no-rows.parquet", 0, 0, whole -> whole);
        land("columns", "f-zero-bytes.parquet", new byte[0]);
        landParquet("z-good.parquet", 10_000, 100, whole -> whole);

        RunRecord run = runToTheEnd("columns");
        Map<String, LedgerFile> files = ledgerByName("columns");

        printOutcomes(files);
        assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(files.values()).allSatisfy(BadInputCorpusTest::importedOrFailedWithAReadableCause);
        for (String broken : List.of("b-truncated-footer.parquet", "c-wrong-magic.parquet", "f-zero-bytes.parquet")) {
            assertThat(files.get(broken)).as(broken).satisfies(file -> {
                assertThat(file.status()).isEqualTo(FileStatus.FAILED);
                assertThat(file.error()).contains("not a readable Parquet file");
            });
        }
        assertThat(files.get("d-corrupted-page.parquet")).satisfies(file -> {
            assertThat(file.status()).isEqualTo(FileStatus.FAILED);
            assertThat(file.error()).contains("row 1 cannot be read: column id: corrupt SNAPPY page");
        });
        assertThat(files.get("e-no-rows.parquet").status()).isEqualTo(FileStatus.IMPORTED);
        assertThat(files.get("z-good.parquet").status()).isEqualTo(FileStatus.IMPORTED);
        assertThat(ids("columns")).contains(0L, 99L, 10_000L, 10_099L);
        assertThat(ledgerRowsAgreeWithTheTables("columns")).isTrue();
    }

    private void landParquet(String name, long firstId, long rows, UnaryOperator<byte[]> damage) throws IOException {
        Path written = dir.resolve("parquet-" + name);
        ParquetFiles.write(written, "message m { required int64 id; }", CompressionCodecName.SNAPPY, rows,
                (index, row) -> row.add("id", firstId + index));
        land("columns", name, damage.apply(Files.readAllBytes(written)));
        Files.delete(written);
    }

    private static void importedOrFailedWithAReadableCause(LedgerFile file) {
        assertThat(file.status()).as(file.uri()).isIn(FileStatus.IMPORTED, FileStatus.FAILED);
        if (file.status() == FileStatus.FAILED) {
            assertThat(file.error()).as(file.uri()).isNotBlank().doesNotContain("\n\tat ").hasSizeLessThan(600);
        }
    }

    private RunRecord runToTheEnd(String dataSource) {
        database = Database.open(PipitConfig.of(backend.freshSettings()), dir);
        ImportRunner runner = InProcessRuns.runner(database, dir,
                new RunLimits(RunLimits.DEFAULT_AUTO_INTERVAL, 5, 1000));
        return assertTimeoutPreemptively(HANG_GUARD,
                () -> runner.run(dataSource, RunTrigger.MANUAL, RunListener.NONE, () -> false));
    }

    private Map<String, LedgerFile> ledgerByName(String dataSource) {
        FileLedger ledger = new FileLedger(database.jdbi());
        return ledger.list(dataSource, null, 100).stream().collect(Collectors.toMap(
                file -> file.uri().substring(file.uri().lastIndexOf('/') + 1),
                Function.identity(), (a, b) -> a, LinkedHashMap::new));
    }

    private boolean ledgerRowsAgreeWithTheTables(String dataSource) {
        return database.jdbi().withHandle(handle -> {
            long table = handle.createQuery("SELECT count(*) FROM \"" + dataSource + "\"").mapTo(Long.class).one();
            long quarantine = handle.createQuery("SELECT count(*) FROM \"" + dataSource + "_quarantine\"")
                    .mapTo(Long.class).one();
            long ledgerRows = handle.createQuery("SELECT coalesce(sum(\"rows\"), 0) FROM pipit.files "
                    + "WHERE datasource = :d").bind("d", dataSource).mapTo(Long.class).one();
            long ledgerQuarantined = handle.createQuery("SELECT coalesce(sum(quarantined), 0) FROM pipit.files "
                    + "WHERE datasource = :d").bind("d", dataSource).mapTo(Long.class).one();
            return table == ledgerRows && quarantine == ledgerQuarantined;
        });
    }

    private List<Long> ids(String table) {
        return database.jdbi().withHandle(handle ->
                handle.createQuery("SELECT id FROM \"" + table + "\"").mapTo(Long.class).list());
    }

    private void printOutcomes(Map<String, LedgerFile> files) {
        files.forEach((name, file) -> System.out.printf("BadInputCorpusTest[%s] %-28s %-8s rows %d, quarantined %d%s%n",
                backend, name, file.status(), file.rows(), file.quarantined(),
                file.error() == null ? "" : ": " + file.error()));
    }

    private void land(String dataSource, String name, String content) throws IOException {
        land(dataSource, name, content.getBytes(UTF_8));
    }

    /** Writes a file and gives it the next modification time, which decides the import order. */
    private void land(String dataSource, String name, byte[] content) throws IOException {
        Path file = TestProjects.bucket(dir, dataSource).resolve(name);
        Files.write(file, content);
        Files.setLastModifiedTime(file, FileTime.from(T0.plusSeconds(order++)));
    }

    private static byte[] bytes(String before, byte[] middle, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(UTF_8));
        out.writeBytes(middle);
        out.writeBytes(after.getBytes(UTF_8));
        return out.toByteArray();
    }
}
