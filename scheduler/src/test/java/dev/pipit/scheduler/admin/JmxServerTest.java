package dev.pipit.scheduler.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.pipit.scheduler.schedule.RunProgress;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class JmxServerTest {
    @Test
    void aClientWithTheRightPasswordGetsInAndAWrongPasswordIsRefused() throws Exception {
        int port = freePort();
        JmxSettings server = new JmxSettings("127.0.0.1", port, "admin", "s3cret-Pa55");
        try (JmxServer ignored = JmxServer.start(server, new FixedControl())) {
            try (JmxClient client = JmxClient.connect(server)) {
                assertThat(client.control().trigger("orders")).isEqualTo("request-orders");
                assertThat(client.control().progress("request-orders").getState()).isEqualTo("RUNNING");
            }
            JmxSettings wrong = new JmxSettings("127.0.0.1", port, "admin", "guess");
            assertThatExceptionOfType(IOException.class)
                    .isThrownBy(() -> JmxClient.connect(wrong))
                    .withMessageContaining("refused the JMX credentials")
                    .withMessageNotContaining("s3cret-Pa55");
            JmxSettings anonymous = new JmxSettings("127.0.0.1", port, null, null);
            assertThatExceptionOfType(IOException.class).isThrownBy(() -> JmxClient.connect(anonymous));
        }
    }

    @Test
    void anAddressOtherThanLoopbackNeedsAPassword() {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> JmxServer.start(new JmxSettings("0.0.0.0", freePort(), null, null), new FixedControl()))
                .withMessageContaining("set jmx.user and jmx.password");
    }

    @Test
    void noDaemonIsAClearError() {
        assertThatExceptionOfType(IOException.class)
                .isThrownBy(() -> JmxClient.connect(new JmxSettings("127.0.0.1", freePort(), null, null)))
                .withMessageContaining("no Pipit daemon answers JMX on 127.0.0.1:");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Answers every call the same way, so the test sees the JMX plumbing and nothing else. */
    private static final class FixedControl implements PipitControlMXBean {
        @Override
        public String trigger(String dataSource) {
            return "request-" + dataSource;
        }

        @Override
        public RunProgress progress(String requestId) {
            return new RunProgress(requestId, "orders", "RUNNING", 1, 2, 1, 0, 10, null, null);
        }

        @Override
        public DataSourceStatus[] dataSources() {
            return new DataSourceStatus[0];
        }

        @Override
        public RunSummary[] lastRuns(String dataSource, int limit) {
            return new RunSummary[0];
        }

        @Override
        public void pause(String dataSource) {
            throw new IllegalArgumentException("no Kafka data source named '" + dataSource + "'");
        }

        @Override
        public void resume(String dataSource) {
            pause(dataSource);
        }

        @Override
        public String streamState(String dataSource) {
            return "running";
        }
    }
}
