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
import dev.pipit.spi.error.ErrorCategory;
import dev.pipit.spi.stream.RecordStream;
import dev.pipit.spi.stream.StreamException;
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

/**
 * A consumer the broker refuses for its settings or credentials says so and waits the longest backoff before it
 * tries again; one that meets a failure that may pass (an unreachable broker) restarts after the first, short one.
 * Either is running again once a restarted consumer polls the broker.
 */
class StreamSupervisorRestartTest {
    /** Far longer than the test waits: a consumer that waits it never opens a second time here. */
    private static final StreamSettings SETTINGS = new StreamSettings(10, StreamSettings.DEFAULT_BATCH_MAX_BYTES,
            Duration.ofMillis(100), Duration.ofMinutes(1), Duration.ofMinutes(10));

    @TempDir
    Path root;

    private final BlockingQueue<String> opened = new LinkedBlockingQueue<>();

    @Test
    void refusedCredentialsAreMisconfiguredAndWaitTheLongestBackoff() throws Exception {
        try (Database database = TestDatabases.openInMemory();
                StreamSupervisor supervisor = supervisor(database, ErrorCategory.CONFIGURATION)) {
            supervisor.start();
            assertThat(opened.poll(30, TimeUnit.SECONDS)).isNotNull();

            assertThat(opened.poll(2500, TimeUnit.MILLISECONDS)).as("a second attempt within 2.5 s").isNull();
            assertThat(supervisor.state("clicks")).startsWith("misconfigured: ")
                    .contains("SASL authentication failed");
        }
    }

    @Test
    void anUnreachableBrokerRestartsAfterTheFirstBackoff() throws Exception {
        try (Database database = TestDatabases.openInMemory();
                StreamSupervisor supervisor = supervisor(database, ErrorCategory.RETRIABLE)) {
            supervisor.start();
            assertThat(opened.poll(30, TimeUnit.SECONDS)).isNotNull();

            assertThat(opened.poll(10, TimeUnit.SECONDS)).as("a second attempt").isNotNull();
            assertThat(supervisor.state("clicks")).startsWith("restarting: ").contains("broker unreachable");
        }
    }

    @Test
    void aConsumerThatPollsAfterAFailureIsRunningAgain() throws Exception {
        try (Database database = TestDatabases.openInMemory();
                StreamSupervisor supervisor = supervisor(database, ErrorCategory.RETRIABLE, 1)) {
            supervisor.start();
            assertThat(opened.poll(30, TimeUnit.SECONDS)).isNotNull();
            assertThat(opened.poll(10, TimeUnit.SECONDS)).as("the restart").isNotNull();

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!supervisor.state("clicks").equals("running") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(supervisor.state("clicks")).isEqualTo("running");
        }
    }

    private StreamSupervisor supervisor(Database database, ErrorCategory category) {
        return supervisor(database, category, Integer.MAX_VALUE);
    }

    /** @param failures how many opens fail before the streams open and stay empty */
    private StreamSupervisor supervisor(Database database, ErrorCategory category, int failures) {
        PluginRegistry plugins = PluginRegistry.of(new FakePlugin(List.of(new RefusingStreams(category, failures)),
                List.of(new FakeFormatFactory("ndjson", List.of("ndjson")))));
        write(root, "connections/stream.connection", "TYPE kafka", "KAFKA_BOOTSTRAP_SERVERS localhost:9092");
        write(root, "datasources/clicks.datasource", "SCHEMA >", "    `id` Int64 `json:$.id`",
                "KAFKA_CONNECTION_NAME stream", "KAFKA_TOPIC clicks", "KAFKA_GROUP_ID g1");
        Project project = new ProjectLoader(plugins, new SecretResolver(Map.of(), Map.of())).load(root);
        assertThat(project.errors()).isEmpty();
        return StreamSupervisor.create(database, plugins, project, SETTINGS, "node");
    }

    /**
     * A Kafka connector whose first streams fail to open with one category, as kafka-clients' errors translate,
     * and whose later ones stay empty.
     */
    private final class RefusingStreams implements ConnectorFactory {
        private final ErrorCategory category;
        private int failuresLeft;

        RefusingStreams(ErrorCategory category, int failures) {
            this.category = category;
            this.failuresLeft = failures;
        }

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
            if (failuresLeft-- <= 0) {
                return new EmptyStream();
            }
            throw new StreamException(category, category == ErrorCategory.CONFIGURATION
                    ? "cannot read topic clicks: SASL authentication failed: invalid credentials"
                    : "cannot read topic clicks: broker unreachable", null);
        }
    }

    /** A topic without messages: each poll waits its timeout out, or until woken. */
    private static final class EmptyStream implements RecordStream {
        private final Object woken = new Object();

        @Override
        public List<StreamRecord> poll(Duration timeout) {
            synchronized (woken) {
                try {
                    // wait(0) would wait for good: a timeout under a millisecond waits one.
                    woken.wait(Math.max(1, timeout.toMillis()));
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
        }
    }
}
