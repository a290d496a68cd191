package dev.pipit.scheduler.stream;

import static dev.pipit.scheduler.testutil.ProjectFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.project.ProjectLoader;
import dev.pipit.scheduler.project.SecretResolver;
import dev.pipit.scheduler.testutil.FakeFormatFactory;
import dev.pipit.scheduler.testutil.FakePlugin;
import dev.pipit.scheduler.testutil.TestDatabases;
import dev.pipit.spi.config.SettingSpec;
import dev.pipit.spi.config.SettingsSpec;
import dev.pipit.spi.connector.ConnectorContext;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.connector.ConnectorKind;
import dev.pipit.spi.stream.RecordStream;
import dev.pipit.spi.stream.StreamRecord;
import dev.pipit.spi.stream.StreamSubscription;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new deployment restarts the consumer of a Kafka data source that changed and stops the one removed. */
class StreamSupervisorApplyTest {
    private static final StreamSettings SETTINGS = new StreamSettings(10, Duration.ofMillis(100), Duration.ofMinutes(1),
            Duration.ofSeconds(1));

    @TempDir
    Path root;

    private final BlockingQueue<String> opened = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> closed = new LinkedBlockingQueue<>();
    private final PluginRegistry plugins = PluginRegistry.of(new FakePlugin(List.of(new IdleStreams()),
            List.of(new FakeFormatFactory("ndjson", List.of("ndjson")))));

    @Test
    void aChangedGroupRestartsTheConsumerAndARemovedDataSourceStopsIt() throws Exception {
        write(root, "connections/stream.connection", "TYPE kafka", "KAFKA_BOOTSTRAP_SERVERS localhost:9092");
        clicks("g1");
        try (Database database = TestDatabases.openInMemory();
                StreamSupervisor supervisor = StreamSupervisor.create(database, plugins, load(), SETTINGS, "node")) {
            supervisor.start();
            assertThat(opened.poll(30, TimeUnit.SECONDS)).isEqualTo("g1");

            supervisor.apply(load());
            assertThat(opened).isEmpty();
            assertThat(closed).isEmpty();

            clicks("g2");
            supervisor.apply(load());
            assertThat(closed.poll()).as("stopped before apply returns").isEqualTo("g1");
            assertThat(opened.poll(30, TimeUnit.SECONDS)).isEqualTo("g2");

            write(root, "datasources/clicks.datasource", "SCHEMA >", "    `id` Int64");
            supervisor.apply(load());
            assertThat(closed.poll()).isEqualTo("g2");
            assertThat(supervisor.dataSources()).isEmpty();
        }
    }

    private void clicks(String group) {
        write(root, "datasources/clicks.datasource", "SCHEMA >", "    `id` Int64 `json:$.id`",
                "KAFKA_CONNECTION_NAME stream", "KAFKA_TOPIC clicks", "KAFKA_GROUP_ID " + group);
    }

    private Project load() {
        Project project = new ProjectLoader(plugins, new SecretResolver(Map.of(), Map.of())).load(root);
        assertThat(project.errors()).isEmpty();
        return project;
    }

    /** A Kafka connector whose topics stay empty; it notes which group opened and closed a stream. */
    private final class IdleStreams implements ConnectorFactory {
        @Override
        public String type() {
            return "kafka";
        }

        @Override
        public String version() {
            return "test";
        }

        @Override
        public ConnectorKind kind() {
            return ConnectorKind.STREAM;
        }

        @Override
        public SettingsSpec settings() {
            return SettingsSpec.of(SettingSpec.string("KAFKA_BOOTSTRAP_SERVERS").required().doc("Brokers.").build());
        }

        @Override
        public Optional<String> messageFormat() {
            return Optional.of("ndjson");
        }

        @Override
        public RecordStream openStream(ConnectorContext context, StreamSubscription subscription) {
            opened.add(subscription.groupId());
            return new RecordStream() {
                private final Object woken = new Object();

                @Override
                public List<StreamRecord> poll(Duration timeout) {
                    synchronized (woken) {
                        try {
                            woken.wait(timeout.toMillis());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return List.of();
                }

                @Override
                public void commit(Map<Integer, Long> nextOffsets) {
                }

                @Override
                public void wakeup() {
                    synchronized (woken) {
                        woken.notifyAll();
                    }
                }

                @Override
                public void close() {
                    closed.add(subscription.groupId());
                }
            };
        }
    }
}
