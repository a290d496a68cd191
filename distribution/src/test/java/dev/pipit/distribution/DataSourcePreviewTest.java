package dev.pipit.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipit.distribution.testutil.InProcessCli;
import dev.pipit.distribution.testutil.ProjectDatabases;
import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.db.Database;
import dev.pipit.testkit.db.Backend;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code datasource preview}: shows what the next file's import would store and quarantine, which the import then
 * does to the row, and leaves the database as it found it (every table's rows, the ledger, the history and the
 * schema log compared before and after), on H2 and on PostgreSQL.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class DataSourcePreviewTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final List<String> STATE = List.of(
            "SELECT * FROM pipit.files ORDER BY id",
            "SELECT * FROM pipit.runs ORDER BY id",
            "SELECT * FROM pipit.schema_changes ORDER BY id");

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
        Files.createDirectories(project.resolve("datasources"));
        Files.createDirectories(project.resolve("inbox"));
        Files.writeString(project.resolve("connections/inbox.connection"), "TYPE local\n");
        Files.writeString(project.resolve("datasources/sales.datasource"), """
                SCHEMA >
                    `id` Int64 `json:$.id`,
                    `amount` Float64 `json:$.amount`,
                    `day` Date `json:$.day`

                IMPORT_CONNECTION_NAME inbox
                IMPORT_BUCKET_URI file://./inbox/*.csv
                IMPORT_SCHEDULE @on-demand
                """);
        ProjectDatabases.writeConfig(project.resolve("pipit.properties"), databaseSettings);
    }

    @Test
    void showsTheNextFilesRowsAndQuarantineReasonsWritesNothingAndTheImportThenAgrees() throws Exception {
        land("a.csv", "id,amount,day\n1,1.5,2026-11-01\n", 0);
        assertThat(cli("run", "sales")).as(err.toString()).isZero();
        land("b.csv", "id,amount,day\n2,2.5,2026-11-02\n3,lots,2026-11-03\n4,4,2026-11-04\n", 1);
        List<List<String>> before = snapshot();

        out.getBuffer().setLength(0);
        assertThat(cli("datasource", "preview", "sales", "--json")).as(err.toString()).isZero();

        assertThat(snapshot()).isEqualTo(before);
        JsonNode preview = new ObjectMapper().readTree(out.toString());
        assertThat(preview.get("key").asText()).endsWith("/inbox/b.csv");
        assertThat(preview.get("schema_source").asText()).isEqualTo("SCHEMA");
        assertThat(preview.get("rows_total").asLong()).isEqualTo(2);
        assertThat(preview.get("quarantined_total").asLong()).isEqualTo(1);
        assertThat(preview.at("/rows/0/id").asLong()).isEqualTo(2);
        assertThat(preview.at("/rows/1/amount").asDouble()).isEqualTo(4.0);
        JsonNode quarantined = preview.at("/quarantined/0");
        assertThat(quarantined.get("line").asLong()).isEqualTo(3);
        assertThat(quarantined.at("/values/amount").asText()).isEqualTo("lots");
        assertThat(quarantined.at("/c__error/0").asText()).isEqualTo("value 'lots' on column 'amount' is not Float64");

        out.getBuffer().setLength(0);
        assertThat(cli("datasource", "preview", "sales", "--limit", "1")).isZero();
        assertThat(snapshot()).isEqualTo(before);
        assertThat(out.toString()).contains(
                "3 records: 2 rows would be stored, 1 quarantined",
                "Rows as stored (first 1):",
                "3     amount   value 'lots' on column 'amount' is not Float64",
                "Nothing was written.");

        out.getBuffer().setLength(0);
        assertThat(cli("run", "sales")).isZero();
        assertThat(out.toString()).contains("1 file, 2 rows, 1 quarantined");
    }

    @Test
    void aKeyAlreadyImportedCanBeAskedForByName() throws Exception {
        land("a.csv", "id,amount,day\n1,1.5,2026-11-01\n", 0);
        assertThat(cli("run", "sales")).isZero();
        List<List<String>> before = snapshot();

        out.getBuffer().setLength(0);
        assertThat(cli("datasource", "preview", "sales")).isEqualTo(1);
        assertThat(err.toString()).contains("is left to import", "--key");

        assertThat(cli("datasource", "preview", "sales", "--key", "a.csv", "--json")).isZero();
        assertThat(new ObjectMapper().readTree(out.toString()).get("rows_total").asLong()).isEqualTo(1);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aDataSourceWithoutSchemaIsPreviewedWithTheColumnsItsFirstFileWouldGiveAndNoTableIsMade() throws Exception {
        Files.writeString(project.resolve("datasources/sales.datasource"), """
                IMPORT_CONNECTION_NAME inbox
                IMPORT_BUCKET_URI file://./inbox/*.csv
                IMPORT_SCHEDULE @on-demand
                """);
        land("a.csv", "id,amount\n1,1.5\n2,x\n", 0);

        assertThat(cli("datasource", "preview", "sales", "--json")).as(err.toString()).isZero();

        if (backend == Backend.H2) {
            assertThat(project.resolve("data")).as("a project never run gets no database file").doesNotExist();
        }
        JsonNode preview = new ObjectMapper().readTree(out.toString());
        assertThat(preview.get("schema_source").asText()).isEqualTo("this file");
        assertThat(preview.at("/columns/1/type").asText()).isEqualTo("String");
        assertThat(preview.get("rows_total").asLong()).isEqualTo(2);
        assertThat(tables()).doesNotContain("sales", "sales_quarantine");
        assertThat(query("SELECT count(*) FROM pipit.schema_changes")).containsExactly(List.of("0"));
    }

    private List<List<String>> snapshot() {
        List<List<String>> state = new ArrayList<>();
        STATE.forEach(sql -> state.addAll(query(sql)));
        for (String table : tables()) {
            state.add(List.of(table));
            state.addAll(query("SELECT * FROM \"" + table + "\""));
        }
        return state;
    }

    private List<String> tables() {
        return query("SELECT table_name FROM information_schema.tables WHERE lower(table_schema) = 'public' "
                + "ORDER BY table_name").stream().map(row -> row.get(0)).toList();
    }

    private List<List<String>> query(String sql) {
        try (Database database = Database.open(PipitConfig.of(databaseSettings), project)) {
            return database.jdbi().withHandle(handle -> handle.createQuery(sql).map((rows, context) -> {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                    row.add(rows.getString(i));
                }
                return row;
            }).list());
        }
    }

    private int cli(String... arguments) {
        return InProcessCli.execute(out, err, arguments,
                "--project", project.toString(), "--config", project.resolve("pipit.properties").toString());
    }

    private void land(String name, String text, int second) throws IOException {
        Path file = project.resolve("inbox").resolve(name);
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(T0.plusSeconds(second)));
    }
}
