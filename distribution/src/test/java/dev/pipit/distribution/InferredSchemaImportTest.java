package dev.pipit.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipit.distribution.testutil.InProcessRuns;
import dev.pipit.distribution.testutil.ProjectDatabases;
import dev.pipit.scheduler.cli.ExitCodes;
import dev.pipit.scheduler.cli.Main;
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
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/**
 * Issue 4's scenario, in process, for CSV and for NDJSON: a data source without SCHEMA takes its schema from its
 * first file, widens it for a second file's new field, and quarantines the one row of a third file that does not
 * fit, importing the rest; a file that is no CSV or no NDJSON at all fails with its cause and the next one imports.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class InferredSchemaImportTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    @Parameter
    Backend backend;

    @TempDir
    Path dir;

    private Database database;
    private Map<String, String> databaseSettings;

    /** H2 as a file in the project, so that a restart and the CLI find the same database; else a fresh one. */
    @BeforeEach
    void chooseDatabase() {
        databaseSettings = ProjectDatabases.settings(backend, dir);
    }

    @AfterEach
    void closeDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void csvInfersTheSchemaAddsAColumnAndQuarantinesTheRowThatDoesNotFit() throws IOException {
        project("csv");
        land("a.csv", "id,name,amount,day\n1,Ann,1.5,2024-05-01\n2,Bob,2,2024-05-02\n", 0);
        land("b.csv", "id,name,amount,day,country\n3,Cid,3.5,2024-05-03,ES\n", 1);
        land("c.csv", "id,name,amount,day,country\n4,Dan,lots,2024-05-04,FR\n5,Eve,5,2024-05-05,DE\n", 2);

        assertTheScenario(run(), "csv", "value 'lots' on column 'amount' is not Float64");
    }

    @Test
    void ndjsonInfersTheSchemaAddsAColumnAndQuarantinesTheRowThatDoesNotFit() throws IOException {
        project("ndjson");
        land("a.ndjson", """
                {"id": 1, "name": "Ann", "amount": 1.5, "day": "2024-05-01", "visitor": {"id": "v1", "tags": ["x"]}}
                {"id": 2, "name": "Bob", "amount": 2, "day": "2024-05-02", "visitor": {"id": "v2", "tags": []}}
                """, 0);
        land("b.ndjson", """
                {"id": 3, "name": "Cid", "amount": 3.5, "day": "2024-05-03", "visitor": {"id": "v3"}, "country": "ES"}
                """, 1);
        land("c.ndjson", """
                {"id": 4, "name": "Dan", "amount": "lots", "day": "2024-05-04", "country": "FR"}
                {"id": 5, "name": "Eve", "amount": 5, "day": "2024-05-05", "country": "DE"}
                """, 2);

        assertTheScenario(run(), "ndjson", "value 'lots' on column 'amount' is not Float64");
        assertThat(query("SELECT \"visitor\" FROM \"events\" WHERE \"id\" = 1"))
                .containsExactly("{\"id\":\"v1\",\"tags\":[\"x\"]}");
        // Both reference lines had a visitor, so the column is String and a line without one gets String's default.
        assertThat(query("SELECT \"visitor\" FROM \"events\" WHERE \"id\" = 5")).containsExactly("");
    }

    @Test
    void aBinaryCsvFailsWithItsCauseAndTheNextFileImports() throws IOException {
        project("csv");
        land("a.csv", "id,name\n1,Ann\n", 0);
        landBytes("b.csv", new byte[] {0, 1, 2, (byte) 0xff, 0, 0, 7}, 1);
        land("c.csv", "id,name\n2,Bob\n", 2);

        RunRecord run = run();

        assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(failed()).singleElement().satisfies(file -> {
            assertThat(file.uri()).endsWith("/b.csv");
            assertThat(file.error()).contains("not a text file");
        });
        assertThat(query("SELECT \"name\" FROM \"events\" ORDER BY \"id\"")).containsExactly("Ann", "Bob");
    }

    @Test
    void anNdjsonFileThatIsNotJsonFailsWithItsCauseAndTheNextFileImports() throws IOException {
        project("ndjson");
        land("a.ndjson", "{\"id\": 1, \"name\": \"Ann\"}\n", 0);
        land("b.ndjson", "id,name\n2,Bob\n", 1);
        land("c.ndjson", "{\"id\": 3, \"name\": \"Cid\"}\n", 2);

        RunRecord run = run();

        assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(failed()).singleElement().satisfies(file -> {
            assertThat(file.uri()).endsWith("/b.ndjson");
            assertThat(file.error()).contains(":1: not an NDJSON file, its first line is not a JSON object");
        });
        assertThat(query("SELECT \"name\" FROM \"events\" ORDER BY \"id\"")).containsExactly("Ann", "Cid");
    }

    @Test
    void aRestartKeepsTheInferredSchema() throws IOException {
        project("ndjson");
        land("a.ndjson", "{\"id\": 1, \"at\": \"2024-05-01 10:00:00\"}\n", 0);
        run();
        database.close();
        land("b.ndjson", "{\"id\": 2, \"at\": \"2024-05-01 11:00:00\", \"extra\": true}\n", 1);

        assertThat(run().status()).isEqualTo(RunStatus.SUCCEEDED);

        assertThat(tableColumns()).containsExactly("id", "at", "extra");
        assertThat(schemaChanges()).filteredOn(change -> change.kind() == SchemaChangeKind.COLUMN_ADDED)
                .extracting(SchemaChange::columnName, SchemaChange::columnType, SchemaChange::jsonPath)
                .containsExactly(
                        tuple("id", "Int64", "$.id"),
                        tuple("at", "DateTime", "$.at"),
                        tuple("extra", "Nullable(Bool)", "$.extra"));
    }

    @Test
    void quarantineJsonPrintsTheOriginalColumnsAndWhyEachRowWasQuarantined() throws IOException {
        project("csv");
        land("a.csv", "id,amount\n1,1.5\n", 0);
        land("b.csv", "id,amount\n2,oops\n", 1);
        run();

        StringWriter out = new StringWriter();
        CommandLine command = Main.commandLine();
        command.setOut(new PrintWriter(out));
        int exit = command.execute("quarantine", "events", "--json", "--project", dir.toString(),
                "--config", dir.resolve("pipit.properties").toString());

        assertThat(exit).isEqualTo(ExitCodes.OK);
        JsonNode rows = new ObjectMapper().readTree(out.toString());
        assertThat(rows).hasSize(1);
        JsonNode row = rows.get(0);
        assertThat(row.get("id").asText()).isEqualTo("2");
        assertThat(row.get("amount").asText()).isEqualTo("oops");
        assertThat(row.get("c__error_column").get(0).asText()).isEqualTo("amount");
        assertThat(row.get("c__error").get(0).asText()).isEqualTo("value 'oops' on column 'amount' is not Float64");
        assertThat(row.get("c__import_id").asText()).isNotBlank();
        assertThat(row.get("insertion_date").asText()).isNotBlank();

        StringWriter none = new StringWriter();
        command.setOut(new PrintWriter(none));
        assertThat(command.execute("quarantine", "orders", "--project", dir.toString(),
                "--config", dir.resolve("pipit.properties").toString())).isEqualTo(ExitCodes.OK);
        assertThat(none.toString()).startsWith("No quarantine table for orders yet");
    }

    private void assertTheScenario(RunRecord run, String extension, String quarantineMessage) {
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.files()).isEqualTo(3);
        assertThat(run.rows()).isEqualTo(4);
        assertThat(run.quarantined()).isEqualTo(1);

        assertThat(tableColumns()).startsWith("id", "name", "amount", "day").endsWith("country");
        assertThat(query("SELECT \"country\" FROM \"events\" ORDER BY \"id\""))
                .containsExactly(null, null, "ES", "DE");
        assertThat(query("SELECT \"name\" FROM \"events\" ORDER BY \"id\""))
                .containsExactly("Ann", "Bob", "Cid", "Eve");

        List<SchemaChange> changes = schemaChanges();
        assertThat(changes).filteredOn(change -> change.kind() == SchemaChangeKind.COLUMN_ADDED)
                .extracting(SchemaChange::columnName, SchemaChange::columnType)
                .contains(tuple("id", "Int64"), tuple("name", "String"), tuple("amount", "Float64"),
                        tuple("day", "Date"));
        assertThat(changes).filteredOn(change -> change.kind() == SchemaChangeKind.SCHEMA_REFERENCE)
                .singleElement().satisfies(change -> assertThat(change.sourceKey()).endsWith("/a." + extension));
        assertThat(changes).filteredOn(change -> "country".equals(change.columnName())).singleElement()
                .satisfies(change -> {
                    assertThat(change.kind()).isEqualTo(SchemaChangeKind.COLUMN_ADDED);
                    assertThat(change.columnType()).isEqualTo("Nullable(String)");
                    assertThat(change.sourceKey()).endsWith("/b." + extension);
                });

        LedgerFile third = new FileLedger(database.jdbi()).list("events", FileStatus.IMPORTED, 10).stream()
                .filter(file -> file.uri().endsWith("/c." + extension)).findFirst().orElseThrow();
        assertThat(third.rows()).isEqualTo(1);
        assertThat(third.quarantined()).isEqualTo(1);
        assertThat(query("SELECT \"name\" FROM \"events_quarantine\"")).containsExactly("Dan");
        assertThat(query("SELECT \"c__error\"[1] FROM \"events_quarantine\"")).containsExactly(quarantineMessage);
    }

    private void project(String extension) throws IOException {
        Files.createDirectories(dir.resolve("connections"));
        Files.createDirectories(dir.resolve("datasources"));
        Files.createDirectories(dir.resolve("inbox/events"));
        Files.writeString(dir.resolve("connections/inbox.connection"), "TYPE local\n");
        Files.writeString(dir.resolve("datasources/events.datasource"), """
                IMPORT_CONNECTION_NAME inbox
                IMPORT_BUCKET_URI file://./inbox/events/*.%s
                IMPORT_SCHEDULE @on-demand
                IMPORT_STRATEGY APPEND
                """.formatted(extension));
        StringBuilder properties = new StringBuilder();
        databaseSettings.forEach((key, value) -> properties.append(key).append('=').append(value).append('\n'));
        Files.writeString(dir.resolve("pipit.properties"), properties);
    }

    private void land(String name, String text, int second) throws IOException {
        landBytes(name, text.getBytes(StandardCharsets.UTF_8), second);
    }

    private void landBytes(String name, byte[] bytes, int second) throws IOException {
        Path file = dir.resolve("inbox/events").resolve(name);
        Files.write(file, bytes);
        Files.setLastModifiedTime(file, FileTime.from(T0.plusSeconds(second)));
    }

    /** One triggered run through a fresh runner, as a restarted daemon would make it. */
    private RunRecord run() {
        database = Database.open(PipitConfig.of(databaseSettings), dir);
        return InProcessRuns.run(database, dir, "events", new RunLimits(RunLimits.DEFAULT_AUTO_INTERVAL, 5, 4));
    }

    private List<LedgerFile> failed() {
        return new FileLedger(database.jdbi()).list("events", FileStatus.FAILED, 10);
    }

    private List<SchemaChange> schemaChanges() {
        return new SchemaChanges(database.jdbi()).list("events");
    }

    private List<String> tableColumns() {
        return database.jdbi().withHandle(handle -> handle.createQuery("""
                        SELECT column_name FROM information_schema.columns
                         WHERE table_name = 'events' ORDER BY ordinal_position""")
                .mapTo(String.class).list());
    }

    private List<Object> query(String sql) {
        return database.jdbi().withHandle(handle -> handle.createQuery(sql)
                .map((rs, ctx) -> rs.getObject(1)).list());
    }
}
