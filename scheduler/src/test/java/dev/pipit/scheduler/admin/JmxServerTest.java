package dev.pipit.scheduler.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.schedule.RunProgress;
import dev.pipit.testkit.net.FreePorts;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JmxServerTest {
    @Test
    void aClientWithTheRightPasswordGetsInAndAWrongPasswordIsRefused() throws Exception {
        int port = FreePorts.one();
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
    void byDefaultNothingListensOnTheMachinesOtherAddresses() throws Exception {
        InetAddress external = nonLoopbackAddress();
        assumeTrue(external != null, "this machine has no address but loopback");
        int port = FreePorts.one();
        JmxSettings defaults = JmxSettings.from(PipitConfig.of(Map.of("jmx.port", Integer.toString(port))));
        try (JmxServer ignored = JmxServer.start(defaults, new FixedControl())) {
            try (Socket local = new Socket(InetAddress.getLoopbackAddress(), port)) {
                assertThat(local.isConnected()).isTrue();
            }
            assertThatExceptionOfType(ConnectException.class).as("JMX reachable on %s", external)
                    .isThrownBy(() -> new Socket(external, port).close());
        }
    }

    @Test
    void anAddressOtherThanLoopbackNeedsAPassword() {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> JmxServer.start(new JmxSettings("0.0.0.0", FreePorts.one(), null, null), new FixedControl()))
                .withMessageContaining("set jmx.user and jmx.password");
    }

    @Test
    void noDaemonIsAClearError() {
        assertThatExceptionOfType(IOException.class)
                .isThrownBy(() -> JmxClient.connect(new JmxSettings("127.0.0.1", FreePorts.one(), null, null)))
                .withMessageContaining("no Pipit daemon answers JMX on 127.0.0.1:");
    }

    private static InetAddress nonLoopbackAddress() throws SocketException {
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(network.getInetAddresses())) {
                if (!address.isLoopbackAddress() && !address.isLinkLocalAddress() && network.isUp()) {
                    return address;
                }
            }
        }
        return null;
    }

    /** Answers every call the same way, so the test sees the JMX plumbing and nothing else. */
    private static final class FixedControl implements PipitControlMXBean {
        @Override
        public String trigger(String dataSource) {
            return "request-" + dataSource;
        }

        @Override
        public String runPipe(String pipe) {
            return "request-" + pipe;
        }

        @Override
        public String retry(String dataSource, String[] keys, boolean now) {
            return dataSource + ": " + keys.length + " failed files back to pending";
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

        @Override
        public String reload() {
            return "deployment 1 is running already";
        }
    }
}
