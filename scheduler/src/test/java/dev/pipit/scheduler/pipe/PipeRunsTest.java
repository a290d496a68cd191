package dev.pipit.scheduler.pipe;

import static dev.pipit.scheduler.testutil.ProjectFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunHistory;
import dev.pipit.scheduler.history.RunStatus;
import dev.pipit.scheduler.history.RunTrigger;
import dev.pipit.scheduler.load.TableLoader;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.CopySpec;
import dev.pipit.scheduler.project.Diagnostic;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.project.ProjectLoader;
import dev.pipit.scheduler.project.SecretResolver;
import dev.pipit.scheduler.testutil.FakeConnectorFactory;
import dev.pipit.scheduler.testutil.FakePlugin;
import dev.pipit.scheduler.testutil.TestDatabases;
import dev.pipit.testkit.db.Backend;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Pipes on both databases: the SQL check at deploy, and copy runs with bound parameters in one transaction. */
@ParameterizedClass
@EnumSource(Backend.class)
class PipeRunsTest {
    private static final PluginRegistry REGISTRY =
            PluginRegistry.of(FakePlugin.ofConnectors(FakeConnectorFactory.s3()));

    @Parameter
    Backend backend;

    @TempDir
    Path root;

    private Database database;

    @BeforeEach
    void open() {
        database = TestDatabases.open(backend);
        write(root, "datasources/events.datasource", "SCHEMA >", "    `id` Int64,", "    `kind` String");
        write(root, "datasources/kind_counts.datasource", "SCHEMA >", "    `kind` String,", "    `n` Int64");
        write(root, "pipes/count_kinds.pipe",
                "NODE picked",
                "SQL >", "    %", "    SELECT id, kind FROM events WHERE kind <> {{ String(skip, 'none') }}",
                "NODE counted",
                "SQL >", "    SELECT kind, count(*) AS n FROM picked GROUP BY kind",
                "TYPE COPY", "TARGET_DATASOURCE kind_counts", "COPY_SCHEDULE @on-demand");
    }

    @AfterEach
    void close() {
        database.close();
    }

    private Project load() {
        Project project = new ProjectLoader(REGISTRY, new SecretResolver(Map.of(), Map.of())).load(root);
        assertThat(project.errors()).isEmpty();
        return project;
    }

    private void insertEvents(Project project) {
        new TableLoader(database).prepare(project.dataSources().get("events"));
        database.jdbi().useHandle(handle -> handle.execute("INSERT INTO \"events\" (\"id\", \"kind\") VALUES "
                + "(1, 'click'), (2, 'click'), (3, 'view'), (4, 'it''s')"));
    }

    private List<String> counts() {
        return database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT \"kind\" || '=' || CAST(\"n\" AS varchar) FROM \"kind_counts\" ORDER BY \"kind\"")
                .mapTo(String.class).list());
    }

    @Test
    void theDatabaseRefusingANodeNamesTheNodeAndItsLine() {
        write(root, "pipes/hourly.pipe",
                "NODE fine", "SQL >", "    SELECT id FROM events",
                "NODE clickhouse_only", "SQL >", "    SELECT toStartOfHour(now()) AS hour FROM fine",
                "TYPE COPY", "TARGET_DATASOURCE kind_counts");

        List<Diagnostic> problems = new PipeChecks(database).check(load(), true);

        assertThat(problems).extracting(Diagnostic::toString).singleElement().asString()
                .startsWith("pipes/hourly.pipe:4: error: node clickhouse_only: the database cannot run this SQL: ")
                .containsIgnoringCase("tostartofhour")
                .doesNotContain("SQL statement");
    }

    @Test
    void aCopyAppendsInOneStatementAndReplaceSwapsTheRows() {
        Project project = load();
        assertThat(new PipeChecks(database).check(project, true)).isEmpty();
        insertEvents(project);
        CopyRun copy = new CopyRun(database, "node-1");

        PipeRun first = copy.run(project, project.pipes().get("count_kinds"), Map.of(), null, null);
        PipeRun second = copy.run(project, project.pipes().get("count_kinds"), Map.of("skip", "it's"), null, null);

        assertThat(first.status()).as(first.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(first.rows()).isEqualTo(3);
        assertThat(second.rows()).isEqualTo(2);
        assertThat(counts()).containsExactly("click=2", "click=2", "it's=1", "view=1", "view=1");

        PipeRun replaced = copy.run(project, project.pipes().get("count_kinds"), Map.of("skip", "view"),
                CopySpec.Mode.REPLACE, null);

        assertThat(replaced.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(counts()).containsExactly("click=2", "it's=1");
        assertThat(new RunHistory(database.jdbi()).find(replaced.id()).orElseThrow())
                .satisfies(run -> {
                    assertThat(run.trigger()).isEqualTo(RunTrigger.COPY);
                    assertThat(run.datasource()).isEqualTo("count_kinds");
                    assertThat(run.rows()).isEqualTo(2);
                });
    }

    @Test
    void aLastNodeWithWithQueriesOfItsOwnStaysAWithQueryAndRuns() {
        write(root, "pipes/count_kinds.pipe",
                "NODE picked", "SQL >", "    SELECT id, kind FROM events",
                "NODE counted", "SQL >", "    -- its own WITH query",
                "    WITH clicks AS (SELECT kind FROM picked WHERE kind = 'click')",
                "    SELECT kind, count(*) AS n FROM clicks GROUP BY kind",
                "TYPE COPY", "TARGET_DATASOURCE kind_counts");
        Project project = load();
        insertEvents(project);

        PipeRun run = new CopyRun(database, "node-1").run(project, project.pipes().get("count_kinds"), Map.of(), null,
                null);

        assertThat(PipeQuery.of(project.pipes().get("count_kinds")).sql()).endsWith("SELECT * FROM counted");
        assertThat(run.status()).as(run.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(counts()).containsExactly("click=2");
    }

    @Test
    void aFailedCopyChangesNothingAndRecordsTheCause() {
        write(root, "pipes/count_kinds.pipe", "NODE n", "SQL >",
                "    SELECT kind, count(*) AS total FROM events GROUP BY kind",
                "TYPE COPY", "TARGET_DATASOURCE kind_counts", "COPY_MODE replace");
        Project project = load();
        insertEvents(project);
        new TableLoader(database).prepare(project.dataSources().get("kind_counts"));
        database.jdbi().useHandle(handle -> handle.execute("INSERT INTO \"kind_counts\" VALUES ('old', 7)"));

        PipeRun run = new CopyRun(database, "node-1").run(project, project.pipes().get("count_kinds"), Map.of(), null,
                null);

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).contains("the result's column total is not a column of data source kind_counts");
        assertThat(counts()).containsExactly("old=7");
        assertThat(new PipeHistory(database.jdbi()).last("count_kinds")).hasValueSatisfying(last -> {
            assertThat(last.status()).isEqualTo("failed");
            assertThat(last.error()).contains("total");
        });
    }

    @Test
    void anUnknownOrBadParameterIsRefusedBeforeAnythingRuns() {
        Project project = load();
        PipeQuery query = PipeQuery.of(project.pipes().get("count_kinds"));

        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> query.values(Map.of("skp", "x")))
                .withMessage("the pipe has no parameter skp; it takes skip");
        // The last node is the statement itself, which H2 streams; a WITH query it would materialize first.
        assertThat(query.sql()).startsWith("WITH picked AS (").doesNotContain("counted AS (")
                .endsWith(")\nSELECT kind, count(*) AS n FROM picked GROUP BY kind");
    }
}
