package dev.pipit.distribution;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.distribution.testutil.InProcessRuns;
import dev.pipit.distribution.testutil.TestProjects;
import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.history.RunStatus;
import dev.pipit.scheduler.project.Diagnostic;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.run.RunLimits;
import dev.pipit.testkit.db.Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Names and values that look like SQL never run as SQL. A data source or column name with quotes or semicolons is
 * refused by {@code check} with its file and line; names a schema-less file brings are rewritten to identifiers;
 * values are bound, so a value that is a statement lands as text. On H2 and on PostgreSQL.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class SqlInjectionTest {
    private static final String ATTACK = "x\"; DROP TABLE pipit.files; --";

    @Parameter
    Backend backend;

    @TempDir
    Path dir;

    private Database database;

    @AfterEach
    void closeDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void checkRefusesDataSourceAndColumnNamesThatAreNotIdentifiersNamingFileAndLine() throws Exception {
        TestProjects.project(dir, "events", "@on-demand");
        Files.writeString(dir.resolve("datasources/events.datasource"), """
                SCHEMA >
                    `id` Int64,
                    `%s` String

                IMPORT_CONNECTION_NAME inbox
                IMPORT_BUCKET_URI file://./inbox/events/*.csv
                IMPORT_SCHEDULE @on-demand
                """.formatted(ATTACK.replace("`", "")));
        Files.writeString(dir.resolve("datasources/" + ATTACK + ".datasource"), TestProjects.SCHEMA + """

                IMPORT_CONNECTION_NAME inbox
                IMPORT_BUCKET_URI file://./inbox/events/*.csv
                IMPORT_SCHEDULE @on-demand
                """);

        Project project = InProcessRuns.load(dir);

        assertThat(project.errors()).extracting(Diagnostic::toString).anySatisfy(error -> assertThat(error)
                .startsWith("datasources/events.datasource:3: error: column name '" + ATTACK
                        + "' is not an identifier"));
        assertThat(project.errors()).extracting(Diagnostic::toString).anySatisfy(error -> assertThat(error)
                .startsWith("datasources/" + ATTACK + ".datasource: error: data source name '" + ATTACK
                        + "' is not an identifier"));
    }

    @Test
    void headerNamesAreRewrittenAndValuesAreStoredAsTextNeverRun() throws Exception {
        Files.createDirectories(dir.resolve("connections"));
        Files.createDirectories(dir.resolve("datasources"));
        Files.createDirectories(dir.resolve("inbox/inferred"));
        Files.writeString(dir.resolve("connections/inbox.connection"), "TYPE local\n");
        Files.writeString(dir.resolve("datasources/inferred.datasource"), """
                IMPORT_CONNECTION_NAME inbox
                IMPORT_BUCKET_URI file://./inbox/inferred/*.csv
                IMPORT_SCHEDULE @on-demand
                """);
        String value = "'); DROP TABLE pipit.files; --";
        Files.writeString(dir.resolve("inbox/inferred/a.csv"),
                "id,\"" + ATTACK.replace("\"", "\"\"") + "\"\n1,\"" + value + "\"\n", UTF_8);
        database = Database.open(PipitConfig.of(backend.freshSettings()), dir);

        RunRecord run = InProcessRuns.run(database, dir, "inferred",
                new RunLimits(RunLimits.DEFAULT_AUTO_INTERVAL, 5, 1000));

        assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo(RunStatus.SUCCEEDED);
        List<String> columns = database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT column_name FROM information_schema.columns WHERE lower(table_name) = 'inferred' "
                        + "ORDER BY ordinal_position").mapTo(String.class).list());
        assertThat(columns).allSatisfy(column -> assertThat(column).matches("[A-Za-z_][A-Za-z0-9_]*"));
        assertThat(columns).hasSize(2);
        String stored = database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT \"" + columns.get(1) + "\" FROM inferred").mapTo(String.class).one());
        assertThat(stored).isEqualTo(value);
        long ledger = database.jdbi().withHandle(handle ->
                handle.createQuery("SELECT count(*) FROM pipit.files").mapTo(Long.class).one());
        assertThat(ledger).isEqualTo(1);
    }
}
