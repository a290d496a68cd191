package dev.pipit.scheduler.deploy;

import static dev.pipit.scheduler.testutil.ProjectFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.deploy.DeploymentResult.Status;
import dev.pipit.scheduler.history.Deployment;
import dev.pipit.scheduler.history.Deployments;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.Diagnostic;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.project.ProjectLoader;
import dev.pipit.scheduler.project.SecretResolver;
import dev.pipit.scheduler.testutil.FakeConnectorFactory;
import dev.pipit.scheduler.testutil.FakeFormatFactory;
import dev.pipit.scheduler.testutil.FakePlugin;
import dev.pipit.scheduler.testutil.TestDatabases;
import dev.pipit.testkit.db.Backend;
import java.io.IOException;
import java.nio.file.Files;
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

/** Every deployment rule, on both databases: what is refused, with which message, and what an applied plan does. */
@ParameterizedClass
@EnumSource(Backend.class)
class DeployerTest {
    private static final PluginRegistry REGISTRY = PluginRegistry.of(
            FakePlugin.ofConnectors(FakeConnectorFactory.local(), FakeConnectorFactory.kafka()),
            FakePlugin.ofFormats(new FakeFormatFactory("csv", List.of("csv"))));

    @Parameter
    Backend backend;

    @TempDir
    Path root;

    private Database database;
    private Deployer deployer;

    @BeforeEach
    void open() {
        database = TestDatabases.open(backend);
        deployer = new Deployer(database);
        write(root, "connections/inbox.connection", "TYPE local");
        events("`id` Int64,", "`amount` Float64");
    }

    @AfterEach
    void close() {
        database.close();
    }

    private void events(String... columns) {
        eventsWith("file://./inbox/events/*.csv", "@auto", columns);
    }

    private void eventsWith(String bucketUri, String schedule, String... columns) {
        String[] lines = new String[columns.length + 5];
        lines[0] = "SCHEMA >";
        for (int i = 0; i < columns.length; i++) {
            lines[i + 1] = "    " + columns[i];
        }
        lines[columns.length + 1] = "IMPORT_CONNECTION_NAME inbox";
        lines[columns.length + 2] = "IMPORT_BUCKET_URI " + bucketUri;
        lines[columns.length + 3] = "IMPORT_SCHEDULE " + schedule;
        lines[columns.length + 4] = "IMPORT_STRATEGY APPEND";
        write(root, "datasources/events.datasource", lines);
    }

    private Project load() {
        Project project = new ProjectLoader(REGISTRY, new SecretResolver(Map.of(), Map.of())).load(root);
        assertThat(project.errors()).isEmpty();
        return project;
    }

    private DeploymentResult deploy(boolean allowDestructive) {
        return deployer.deploy(load(), allowDestructive, false);
    }

    @Test
    void theFirstDeploymentAddsEverythingAndAnUnchangedProjectHasNothingToDeploy() {
        DeploymentResult first = deploy(false);

        assertThat(first.status()).isEqualTo(Status.DEPLOYED);
        assertThat(first.basedOn()).isNull();
        assertThat(first.plan().connectionsAdded()).containsExactly("inbox");
        assertThat(first.plan().dataSourcesAdded()).containsExactly("events");
        Deployment stored = new Deployments(database.jdbi()).latest().orElseThrow();
        assertThat(stored.id()).isEqualTo(first.deployment());
        assertThat(stored.contentHash()).isEqualTo(first.contentHash()).hasSize(64);
        assertThat(stored.summary()).isEqualTo("added connection inbox; added data source events");
        assertThat(ProjectManifest.fromJson(stored.manifest())).isEqualTo(ProjectManifest.of(load()));

        DeploymentResult second = deploy(false);
        assertThat(second.status()).isEqualTo(Status.UP_TO_DATE);
        assertThat(second.basedOn()).isEqualTo(first.deployment());
        assertThat(new Deployments(database.jdbi()).recent(10)).hasSize(1);
    }

    @Test
    void aDryRunPlansAndRecordsNothing() {
        DeploymentResult dryRun = deployer.deploy(load(), false, true);

        assertThat(dryRun.status()).isEqualTo(Status.PLANNED);
        assertThat(dryRun.plan().dataSourcesAdded()).containsExactly("events");
        assertThat(new Deployments(database.jdbi()).latest()).isEmpty();
    }

    @Test
    void removingADataSourceNeedsTheFlagAndKeepsItsTableLedgerAndHistory() throws IOException {
        write(root, "datasources/clicks.datasource", "SCHEMA >", "    `id` Int64",
                "IMPORT_CONNECTION_NAME inbox", "IMPORT_BUCKET_URI file://./inbox/clicks/*.csv", "IMPORT_SCHEDULE @auto");
        deploy(false);
        database.jdbi().useHandle(handle -> {
            handle.execute("CREATE TABLE clicks (id bigint)");
            handle.execute("INSERT INTO clicks VALUES (1), (2)");
            handle.execute("INSERT INTO pipit.files (datasource, bucket, object_key, \"key\", status, discovered_at, "
                    + "updated_at) VALUES ('clicks', 'bkt', 'a.csv', 's3://bkt/a.csv', 'imported', CURRENT_TIMESTAMP, "
                    + "CURRENT_TIMESTAMP)");
            handle.execute("INSERT INTO pipit.runs (datasource, trigger, node, started_at, status) "
                    + "VALUES ('clicks', 'auto', 'n', CURRENT_TIMESTAMP, 'succeeded')");
        });
        Files.delete(root.resolve("datasources/clicks.datasource"));

        DeploymentResult refused = deploy(false);
        assertThat(refused.status()).isEqualTo(Status.REFUSED);
        assertThat(refused.refusals()).containsExactly("this deployment removes data source clicks, which is "
                + "destructive: run it again with --allow-destructive-operations (tables keep their rows; ledgers and "
                + "history are kept)");
        assertThat(new Deployments(database.jdbi()).recent(10)).hasSize(1);

        DeploymentResult applied = deploy(true);
        assertThat(applied.status()).isEqualTo(Status.DEPLOYED);
        assertThat(applied.plan().dataSourcesRemoved()).containsExactly("clicks");
        assertThat(PlanText.lines(applied.plan())).containsExactly("- data source clicks: its schedule stops; tables "
                + "clicks and clicks_quarantine keep their rows, its ledger and history stay. To drop the rows, run in "
                + "your database: DROP TABLE clicks; DROP TABLE clicks_quarantine;");
        assertThat(count("SELECT count(*) FROM clicks")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM pipit.files WHERE datasource = 'clicks'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM pipit.runs WHERE datasource = 'clicks'")).isEqualTo(1);
    }

    @Test
    void removingAConnectionNeedsTheFlag() throws IOException {
        write(root, "connections/spare.connection", "TYPE local");
        deploy(false);
        Files.delete(root.resolve("connections/spare.connection"));

        assertThat(deploy(false).refusals()).containsExactly("this deployment removes connection spare, which is "
                + "destructive: run it again with --allow-destructive-operations (tables keep their rows; ledgers and "
                + "history are kept)");
        DeploymentResult applied = deploy(true);
        assertThat(applied.status()).isEqualTo(Status.DEPLOYED);
        assertThat(applied.plan().connectionsRemoved()).containsExactly("spare");
    }

    @Test
    void removingAConnectionADataSourceStillUsesFailsNamingBoth() throws IOException {
        deploy(false);
        Files.delete(root.resolve("connections/inbox.connection"));
        Project project = new ProjectLoader(REGISTRY, new SecretResolver(Map.of(), Map.of())).load(root);

        assertThat(project.hasErrors()).isTrue();
        assertThat(deployer.connectionsStillUsed(project)).containsExactly("connection inbox cannot be removed: data "
                + "source events still uses it (datasources/events.datasource:4); point events at another connection, "
                + "or remove events in the same deployment");
    }

    @Test
    void removingAConnectionASinkPipeStillUsesFailsNamingBoth() throws IOException {
        write(root, "connections/exports.connection", "TYPE local");
        write(root, "pipes/daily.pipe", "NODE n", "SQL >", "    SELECT 1 AS one", "TYPE SINK",
                "EXPORT_CONNECTION_NAME exports", "EXPORT_BUCKET_URI file://./out/", "EXPORT_FILE_TEMPLATE daily");
        deploy(false);
        Files.delete(root.resolve("connections/exports.connection"));
        Project project = new ProjectLoader(REGISTRY, new SecretResolver(Map.of(), Map.of())).load(root);

        assertThat(project.errors()).extracting(Diagnostic::toString).containsExactly("pipes/daily.pipe:5: error: "
                + "EXPORT_CONNECTION_NAME names no connection: exports");
        assertThat(deployer.connectionsStillUsed(project)).containsExactly("connection exports cannot be removed: "
                + "sink pipe daily still uses it (pipes/daily.pipe:5); point daily at another connection, or remove "
                + "daily in the same deployment");
    }

    @Test
    void aPipeTheDatabaseCannotRunIsRefusedNamingItsNode() {
        events("`id` Int64");
        write(root, "pipes/hourly.pipe", "NODE per_hour", "SQL >", "    SELECT toStartOfHour(now()) AS h FROM events",
                "TYPE SINK", "EXPORT_CONNECTION_NAME inbox", "EXPORT_BUCKET_URI file://./out/",
                "EXPORT_FILE_TEMPLATE hourly");

        DeploymentResult result = deploy(false);

        assertThat(result.status()).isEqualTo(Status.REFUSED);
        assertThat(result.refusals()).singleElement().asString()
                .startsWith("pipes/hourly.pipe:1: error: node per_hour: the database cannot run this SQL: ");
    }

    @Test
    void anAddedColumnAltersTheTableAndKeepsItsRows() {
        deploy(false);
        database.jdbi().useHandle(handle -> {
            handle.execute("CREATE TABLE events (\"id\" bigint, \"amount\" double precision)");
            handle.execute("INSERT INTO events VALUES (1, 2.5)");
        });
        events("`id` Int64,", "`amount` Float64,", "`country` Nullable(String)");

        DeploymentResult applied = deploy(false);

        assertThat(applied.status()).isEqualTo(Status.DEPLOYED);
        assertThat(PlanText.lines(applied.plan())).containsExactly("~ data source events",
                "    + column country Nullable(String) (the table gains it now; rows already there read NULL)");
        assertThat(count("SELECT count(*) FROM events WHERE \"country\" IS NULL")).isEqualTo(1);
    }

    @Test
    void aColumnsTypeCannotChangeNorTheColumnGoAndTheMessageSaysWhatToDoInstead() {
        deploy(false);
        events("`id` String");

        DeploymentResult refused = deploy(true);

        assertThat(refused.status()).isEqualTo(Status.REFUSED);
        String instead = "keep the column as deployed, and create a new data source with the new schema (for example "
                + "datasources/events_v2.datasource), let it import, move readers to it, then remove events";
        assertThat(refused.refusals()).containsExactly(
                "data source events: column id cannot change type from Int64 to String in place; " + instead,
                "data source events: column amount cannot be removed in place; " + instead);
    }

    @Test
    void aNewBucketUriKeepsTheLedgerAndANewScheduleIsPlanned() {
        deploy(false);
        database.jdbi().useHandle(handle -> handle.execute("INSERT INTO pipit.files (datasource, bucket, object_key, "
                + "\"key\", status, discovered_at, updated_at) VALUES ('events', '/', 'srv/inbox/events/a.csv', "
                + "'file:///srv/inbox/events/a.csv', 'imported', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"));
        eventsWith("file://./inbox/**/*.csv", "@on-demand", "`id` Int64,", "`amount` Float64");

        DeploymentResult applied = deploy(false);

        assertThat(PlanText.lines(applied.plan())).containsExactly("~ data source events",
                "    ~ IMPORT_BUCKET_URI file://./inbox/events/*.csv -> file://./inbox/**/*.csv: keys already in the "
                        + "ledger are not imported again",
                "    ~ schedule @auto -> @on-demand");
        assertThat(count("SELECT count(*) FROM pipit.files WHERE datasource = 'events' AND status = 'imported'"))
                .isEqualTo(1);
    }

    @Test
    void aNewKafkaGroupIdReadsFromThatGroupsOffsets() {
        write(root, "connections/stream.connection", "TYPE kafka", "KAFKA_BOOTSTRAP_SERVERS localhost:9092");
        write(root, "datasources/clicks.datasource", "SCHEMA >", "    `id` Int64 `json:$.id`",
                "KAFKA_CONNECTION_NAME stream", "KAFKA_TOPIC clicks", "KAFKA_GROUP_ID g1");
        deploy(false);
        write(root, "datasources/clicks.datasource", "SCHEMA >", "    `id` Int64 `json:$.id`",
                "KAFKA_CONNECTION_NAME stream", "KAFKA_TOPIC clicks", "KAFKA_GROUP_ID g2");

        DeploymentResult applied = deploy(false);

        assertThat(applied.status()).isEqualTo(Status.DEPLOYED);
        assertThat(PlanText.lines(applied.plan())).containsExactly("~ data source clicks",
                "    ~ KAFKA_GROUP_ID g1 -> g2: reading starts from the offsets stored for group g2 "
                        + "(KAFKA_AUTO_OFFSET_RESET where it has none)");
    }

    private long count(String sql) {
        return database.jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).one());
    }
}
