package dev.pipit.distribution;

import static dev.pipit.distribution.testutil.TestProjects.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.pipit.distribution.testutil.PipitProcess;
import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.daemon.Daemon;
import dev.pipit.scheduler.daemon.NodeId;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.project.ProjectLoader;
import dev.pipit.scheduler.project.SecretResolver;
import dev.pipit.testkit.db.TestPostgres;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One live daemon per node id, and a default node id two daemons on one host cannot share. */
class NodeIdTest {
    @TempDir
    Path dir;

    @Test
    void aSecondDaemonUnderALiveNodesIdIsRefusedOnPostgresqlNamingTheOther() throws Exception {
        project(dir, "events", "@auto");
        Map<String, String> database = TestPostgres.server().freshDatabase();
        PluginRegistry plugins = PluginRegistry.forInstallation();
        Project project = new ProjectLoader(plugins, new SecretResolver(Map.of(), Map.of())).load(dir);

        try (Daemon first = Daemon.start(config(database, "twin"), project, plugins)) {
            assertThatIllegalStateException()
                    .isThrownBy(() -> Daemon.start(config(database, "twin"), project, plugins).close())
                    .withMessageStartingWith("another Pipit daemon is running as node.id 'twin' (pipit node twin ("
                            + InetAddress.getLocalHost().getHostName() + ", pid " + ProcessHandle.current().pid()
                            + ")")
                    .withMessageEndingWith("); give every daemon its own node.id (PIPIT_NODE_ID), or stop the other"
                            + " one first");
        }
        try (Daemon again = Daemon.start(config(database, "twin"), project, plugins)) {
            assertThat(again.node()).as("the lock goes with the daemon").isEqualTo("twin");
        }
    }

    @Test
    void theDefaultNodeIdIsTheHostNameAndTheJmxPort() throws Exception {
        String host = InetAddress.getLocalHost().getHostName();
        assertThat(NodeId.of(PipitConfig.of(Map.of()))).isEqualTo(host + "-9876");
        assertThat(NodeId.of(PipitConfig.of(Map.of("jmx.port", "9877")))).isEqualTo(host + "-9877");
        assertThat(NodeId.of(PipitConfig.of(Map.of("jmx.port", "9877", "node.id", "pipit-1")))).isEqualTo("pipit-1");
    }

    private static PipitConfig config(Map<String, String> database, String node) {
        Map<String, String> values = new HashMap<>(database);
        values.put("node.id", node);
        values.put("jmx.port", Integer.toString(PipitProcess.freePort()));
        return PipitConfig.of(values);
    }
}
