package dev.pipit.distribution;

import static dev.pipit.distribution.testutil.TestProjects.addDataSource;
import static dev.pipit.distribution.testutil.TestProjects.csv;
import static dev.pipit.distribution.testutil.TestProjects.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipit.distribution.testutil.InProcessCli;
import dev.pipit.distribution.testutil.PipitProcess;
import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.daemon.Daemon;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.deploy.Deployer;
import dev.pipit.scheduler.history.Deployments;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.project.ProjectLoader;
import dev.pipit.scheduler.project.SecretResolver;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/scheduler deploy}, {@code deployments} and the deployment at start-up, as the CLI runs them, on H2. */
class DeployCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    @TempDir
    Path dir;

    private Path config;
    private int jmxPort;
    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void writeProject() throws Exception {
        project(dir, "orders", "@auto");
        jmxPort = PipitProcess.freePort();
        // A port no daemon listens on: the test must not tell some other daemon of this machine to reload.
        config = Files.writeString(dir.resolve("test.properties"), "jmx.port = " + jmxPort + "\nhttp.port = 0\n");
    }

    @Test
    void aDryRunPrintsThePlanAndTheDeploymentIsRecordedOnce() throws Exception {
        assertThat(run("deploy", "--dry-run")).as(err.toString()).isZero();
        assertThat(out.toString()).isEqualTo("""
                Plan (first deployment):
                  + connection inbox
                  + data source orders
                Dry run: nothing changed. Run without --dry-run to deploy.
                """);
        assertThat(run("deployments")).isZero();
        assertThat(out.toString()).isEqualTo("Nothing deployed yet; `bin/scheduler deploy` deploys the project.\n");

        assertThat(run("deploy")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Deployed as deployment 1.",
                "No daemon answers JMX on 127.0.0.1:" + jmxPort + "; running daemons pick the deployment up within "
                        + "deploy.poll-interval (10 s unless configured).");
        assertThat(run("deploy")).isZero();
        assertThat(out.toString()).isEqualTo("Nothing to deploy: the project is deployment 1.\n");

        assertThat(run("deployments", "--json")).isZero();
        JsonNode deployments = JSON.readTree(out.toString());
        assertThat(deployments).hasSize(1);
        assertThat(deployments.get(0).get("id").asLong()).isEqualTo(1);
        assertThat(deployments.get(0).get("content_hash").asText()).hasSize(64);
        assertThat(deployments.get(0).get("summary").asText())
                .isEqualTo("added connection inbox; added data source orders");
        assertThat(deployments.get(0).has("deployed_at")).isTrue();
    }

    @Test
    void theJsonPlanNamesEveryChange() throws Exception {
        run("deploy");
        addDataSource(dir, "clicks", "@on-demand");
        Files.writeString(dir.resolve("datasources/orders.datasource"),
                Files.readString(dir.resolve("datasources/orders.datasource"))
                        .replace("`amount` Float64", "`amount` Float64,\n    `country` Nullable(String)")
                        .replace("@auto", "@on-demand"));

        assertThat(run("deploy", "--json")).as(err.toString()).isZero();

        JsonNode result = JSON.readTree(out.toString());
        assertThat(result.get("status").asText()).isEqualTo("deployed");
        assertThat(result.get("based_on").asLong()).isEqualTo(1);
        assertThat(result.get("deployment").asLong()).isEqualTo(2);
        assertThat(result.at("/plan/data_sources_added/0").asText()).isEqualTo("clicks");
        JsonNode orders = result.at("/plan/data_sources_changed/0");
        assertThat(orders.get("name").asText()).isEqualTo("orders");
        assertThat(orders.at("/columns_added/0/name").asText()).isEqualTo("country");
        assertThat(orders.at("/columns_added/0/type").asText()).isEqualTo("Nullable(String)");
        assertThat(orders.at("/settings/0").toString())
                .isEqualTo("{\"key\":\"IMPORT_SCHEDULE\",\"before\":\"@auto\",\"after\":\"@on-demand\"}");
        assertThat(result.get("refused")).isEmpty();
        assertThat(result.get("daemon").asText()).startsWith("No daemon answers JMX");
    }

    @Test
    void removalsAreRefusedWithTheFlagToUseAndAConnectionInUseNamesItsDataSource() throws Exception {
        run("deploy");
        Files.delete(dir.resolve("connections/inbox.connection"));

        assertThat(run("deploy", "--allow-destructive-operations")).isEqualTo(1);
        assertThat(err.toString()).contains("deploy: connection inbox cannot be removed: data source orders still "
                + "uses it (datasources/orders.datasource:6); point orders at another connection, or remove orders in "
                + "the same deployment\n");

        Files.writeString(dir.resolve("connections/inbox.connection"), "TYPE local\n");
        Files.delete(dir.resolve("datasources/orders.datasource"));
        assertThat(run("deploy")).isEqualTo(1);
        assertThat(out.toString()).contains("- data source orders: its schedule stops");
        assertThat(err.toString()).isEqualTo("deploy: this deployment removes data source orders, which is "
                + "destructive: run it again with --allow-destructive-operations (tables keep their rows; ledgers and "
                + "history are kept)\ndeploy: nothing was changed.\n");
        assertThat(run("deploy", "--allow-destructive-operations")).isZero();
        assertThat(out.toString()).contains("Deployed as deployment 2.");
    }

    @Test
    void aNewBucketUriDoesNotImportTheKeysTheLedgerHoldsAgain() throws Exception {
        csv(dir, "orders", "a.csv", 0, 10, T0);
        run("deploy");
        assertThat(run("run", "orders")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("1 file", "10 rows");
        Path datafile = dir.resolve("datasources/orders.datasource");
        Files.writeString(datafile, Files.readString(datafile).replace("inbox/orders/*.csv", "inbox/**/*.csv"));
        csv(dir, "orders", "b.csv", 10, 5, T0.plusSeconds(1));

        assertThat(run("deploy")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("IMPORT_BUCKET_URI file://./inbox/orders/*.csv -> file://./inbox/**/*.csv: "
                + "keys already in the ledger are not imported again");
        assertThat(run("run", "orders")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("1 file", "5 rows");
        assertThat(run("sql", "SELECT count(*) AS n FROM orders", "--json")).isZero();
        assertThat(JSON.readTree(out.toString()).get(0).get("n").asLong()).isEqualTo(15);
    }

    @Test
    void startDeploysAChangedProjectButRefusesADestructiveChangeWithoutTheFlag() throws Exception {
        // In memory, held open by the test: Quartz interrupts its threads at shutdown, which closes an H2 file.
        PipitConfig settings = PipitConfig.of(Map.of("db.url", "jdbc:h2:mem:" + UUID.randomUUID(),
                "jmx.port", Integer.toString(jmxPort), "http.port", "0"));
        PluginRegistry plugins = PluginRegistry.forInstallation();
        try (Database database = Database.open(settings, dir)) {
            Deployments deployments = new Deployments(database.jdbi());
            new Deployer(database).deploy(load(plugins), false, false);
            addDataSource(dir, "clicks", "@on-demand");

            try (Daemon daemon = Daemon.start(settings, load(plugins), plugins)) {
                assertThat(daemon.scheduler().project().dataSources()).containsKey("clicks");
            }
            assertThat(deployments.latest().orElseThrow().summary()).isEqualTo("added data source clicks");

            Files.delete(dir.resolve("datasources/orders.datasource"));
            assertThatThrownBy(() -> Daemon.start(settings, load(plugins), plugins).close())
                    .hasMessage("the project differs from deployment 2 and cannot be deployed at start-up: this "
                            + "deployment removes data source orders, which is destructive: run it again with "
                            + "--allow-destructive-operations (tables keep their rows; ledgers and history are kept)");
            try (Daemon daemon = Daemon.start(settings, load(plugins), plugins, true)) {
                assertThat(daemon.scheduler().project().dataSources()).doesNotContainKey("orders");
            }
            assertThat(deployments.latest().orElseThrow().summary()).isEqualTo("removed data source orders");
        }
    }

    private Project load(PluginRegistry plugins) {
        return new ProjectLoader(plugins, new SecretResolver(Map.of(), Map.of())).load(dir);
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return InProcessCli.execute(out, err, args, "--project", dir.toString(), "--config", config.toString());
    }
}
