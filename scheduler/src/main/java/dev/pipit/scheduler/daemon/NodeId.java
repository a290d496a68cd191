package dev.pipit.scheduler.daemon;

import dev.pipit.scheduler.config.PipitConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The name this daemon goes by in history and in Quartz: {@code node.id}, or the host name. Stable across
 * restarts on purpose, so a node's interrupted runs can be recognised when it comes back.
 */
public final class NodeId {
    private NodeId() {}

    public static String of(PipitConfig config) {
        return config.get("node.id").orElseGet(NodeId::hostName);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
