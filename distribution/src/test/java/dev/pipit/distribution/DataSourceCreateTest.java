package dev.pipit.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.distribution.testutil.InProcessCli;
import dev.pipit.distribution.testutil.ProjectDatabases;
import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.db.Database;
import dev.pipit.testkit.db.Backend;
import dev.pipit.testkit.parquet.ParquetFiles;
import dev.pipit.testkit.parquet.ParquetTypeCases;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code datasource create} then {@code check} then {@code run}, as a person types them, for every format and
 * dialect: the file {@code create} writes passes {@code check}, and the import of the very file it sampled stores
 * every row and quarantines none, on H2 and on PostgreSQL.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class DataSourceCreateTest {
    @Parameter
    Backend backend;

    @TempDir
    Path project;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Map<String, String> databaseSettings;

    @BeforeEach
    void writeProject() throws IOException {
        databaseSettings = ProjectDatabases.settings(backend, project);
        Files.createDirectories(project.resolve("connections"));
        Files.writeString(project.resolve("connections/inbox.connection"), "TYPE local\n");
        ProjectDatabases.writeConfig(project.resolve("pipit.properties"), databaseSettings);
    }

    @Test
    void aCsvWithHeaderAndNamesSqlCannotHold() throws Exception {
        Path file = land("events.csv", text("""
                ts,user id,amount,country,ok
                2026-11-01 10:00:00,u1,1.5,ES,true
                2026-11-01 10:00:01,u2,2,,false
                2026-11-01 10:00:02,u3,3.25,FR,true
                """));

        String created = createCheckAndRun("events", file, 3);

        String datafile = Files.readString(project.resolve("datasources/events.datasource"));
        assertThat(datafile).contains(
                "`ts` DateTime `json:$.ts`",
                "`user_id` String `json:$['user id']`",
                "`amount` Float64 `json:$.amount`",
                "`country` Nullable(String) `json:$.country`",
                "ENGINE \"MergeTree\"",
                "ENGINE_SORTING_KEY \"ts, user_id\"",
                "IMPORT_CONNECTION_NAME inbox",
                "IMPORT_BUCKET_URI file://./inbox/events.csv",
                "IMPORT_SCHEDULE @auto");
        assertThat(created).contains("field 'user id' is column user_id");
        assertThat(query("SELECT count(*) FROM \"events\" WHERE \"country\" IS NULL")).containsExactly("1");
    }

    @Test
    void aSemicolonCsvWithoutHeader() throws Exception {
        Path file = land("plain.csv", text("1;2026-11-01;alpha\n2;2026-11-02;beta\n3;2026-11-03;gamma\n"));

        createCheckAndRun("plain", file, 3);

        assertThat(Files.readString(project.resolve("datasources/plain.datasource"))).contains(
                "`column_00` Int64,", "`column_01` Date,", "`column_02` String\n",
                "ENGINE_SORTING_KEY \"column_01\"");
        assertThat(query("SELECT \"column_02\" FROM \"plain\" ORDER BY \"column_00\""))
                .containsExactly("alpha", "beta", "gamma");
    }

    @Test
    void aTabSeparatedFileWithHeader() throws Exception {
        Path file = land("tabs.tsv", text("id\tname\tscore\n1\tAnn\t0.5\n2\tBob\t\n"));

        createCheckAndRun("tabs", file, 2);

        assertThat(query("SELECT \"name\" FROM \"tabs\" ORDER BY \"id\"")).containsExactly("Ann", "Bob");
    }

    @Test
    void aGzippedCsv() throws Exception {
        Path file = land("zipped.csv.gz", gzip(text("id,at\n1,2026-11-01T10:00:00.123Z\n2,2026-11-01T10:00:01.5Z\n")));

        createCheckAndRun("zipped", file, 2);

        assertThat(Files.readString(project.resolve("datasources/zipped.datasource")))
                .contains("`at` DateTime64(3) `json:$.at`");
    }

    @Test
    void anNdjsonFileWithNestedObjects() throws Exception {
        Path file = land("visits.ndjson", text("""
                {"at": "2026-11-01 10:00:00", "visitor": {"id": "v1", "tags": ["a", "b"]}, "n": 1}
                {"at": "2026-11-01 10:00:01", "visitor": {"id": "v2", "tags": []}, "n": 2, "extra": null}
                """));

        createCheckAndRun("visits", file, 2);

        assertThat(Files.readString(project.resolve("datasources/visits.datasource")))
                .contains("`visitor` String `json:$.visitor`", "`extra` Nullable(String) `json:$.extra`");
        assertThat(query("SELECT \"visitor\" FROM \"visits\" ORDER BY \"n\""))
                .containsExactly("{\"id\":\"v1\",\"tags\":[\"a\",\"b\"]}", "{\"id\":\"v2\",\"tags\":[]}");
    }

    @Test
    void aParquetFileWithEveryTypeNestedOnesIncluded() throws Exception {
        Path file = project.resolve("inbox/types.parquet");
        ParquetFiles.write(file, ParquetTypeCases.schema(), CompressionCodecName.SNAPPY, 4,
                (index, row) -> ParquetTypeCases.fill(1, index, row));

        createCheckAndRun("types", file, 4);

        String datafile = Files.readString(project.resolve("datasources/types.datasource"));
        assertThat(datafile).contains("`id` Int64 `json:$.id`");
        ParquetTypeCases.CASES.forEach(typeCase -> assertThat(datafile)
                .contains("`" + typeCase.column() + "` Nullable(" + typeCase.clickHouseType() + ")"));
    }

    /** @return what {@code create} printed */
    private String createCheckAndRun(String name, Path file, int rows) throws IOException {
        assertThat(cli("datasource", "create", name, "--file", file.toString())).as(err.toString()).isZero();
        String created = out.toString();
        assertThat(cli("check")).as(out.toString()).isZero();
        out.getBuffer().setLength(0);
        assertThat(cli("run", name)).as(out + " " + err).isZero();
        assertThat(out.toString()).contains(name + ": run 1 succeeded, 1 file, " + rows + " rows, 0 quarantined");
        assertThat(query("SELECT count(*) FROM \"" + name + "\"")).containsExactly(String.valueOf(rows));
        return created;
    }

    private int cli(String... arguments) {
        return InProcessCli.execute(out, err, arguments,
                "--project", project.toString(), "--config", project.resolve("pipit.properties").toString());
    }

    private List<String> query(String sql) {
        try (Database database = Database.open(PipitConfig.of(databaseSettings), project)) {
            return database.jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(String.class).list());
        }
    }

    private Path land(String name, byte[] content) throws IOException {
        Path file = project.resolve("inbox").resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        return file;
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(content);
        }
        return bytes.toByteArray();
    }
}
