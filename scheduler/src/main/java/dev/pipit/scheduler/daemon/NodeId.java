package dev.pipit.scheduler.daemon;

import dev.pipit.scheduler.admin.JmxSettings;
import dev.pipit.scheduler.config.PipitConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The name this daemon goes by in history and in Quartz: {@code node.id}, or by default the host name and the JMX
 * port ({@code db1-9876}). Stable across restarts on purpose, so a node's interrupted runs can be recognised when
 * it comes back; and two daemons on one host cannot share it by accident, because they cannot share a JMX port.
 * The host name alone let three daemons started on one host without {@code PIPIT_NODE_ID} all run as one node.
 */
public final class NodeId {
    private NodeId() {}

    public static String of(PipitConfig config) {
        return config.get("node.id")
                .orElseGet(() -> hostName() + "-" + config.getInt("jmx.port", JmxSettings.DEFAULT_PORT));
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
