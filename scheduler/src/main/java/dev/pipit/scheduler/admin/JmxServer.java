package dev.pipit.scheduler.admin;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIServerSocketFactory;
import java.rmi.server.UnicastRemoteObject;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.remote.JMXAuthenticator;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXPrincipal;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import javax.security.auth.Subject;

/**
 * The daemon's JMX endpoint: the platform MBean server (so JVM metrics come along) with Pipit's control bean,
 * served over RMI on one port bound to the configured address only. The JDK's own {@code -Dcom.sun.management}
 * agent would bind every interface; this one binds loopback unless told otherwise, and refuses any other address
 * without a password.
 */
public final class JmxServer implements AutoCloseable {
    private final MBeanServer mbeanServer;
    private final ObjectName name;
    private final Registry registry;
    private final JMXConnectorServer connector;

    private JmxServer(MBeanServer mbeanServer, ObjectName name, Registry registry, JMXConnectorServer connector) {
        this.mbeanServer = mbeanServer;
        this.name = name;
        this.registry = registry;
        this.connector = connector;
    }

    public static JmxServer start(JmxSettings settings, PipitControlMXBean control) throws IOException {
        requireNonNull(settings, "settings is null");
        InetAddress address = InetAddress.getByName(settings.host());
        if (!address.isLoopbackAddress() && !settings.authenticated()) {
            throw new IllegalArgumentException("JMX on " + settings.host() + " would be reachable from other machines: "
                    + "set jmx.user and jmx.password (PIPIT_JMX_PASSWORD), or keep jmx.host at 127.0.0.1");
        }
        // RMI stubs carry the host name clients call back; without this they may carry a name that is not bound.
        if (System.getProperty("java.rmi.server.hostname") == null) {
            System.setProperty("java.rmi.server.hostname", settings.clientHost());
        }
        MBeanServer mbeanServer = ManagementFactory.getPlatformMBeanServer();
        ObjectName name;
        try {
            name = new ObjectName(PipitControlMXBean.OBJECT_NAME);
            mbeanServer.registerMBean(control, name);
        } catch (JMException e) {
            throw new IOException("cannot register " + PipitControlMXBean.OBJECT_NAME + ": " + e.getMessage(), e);
        }
        RMIServerSocketFactory sockets = new BoundServerSocketFactory(address);
        Registry registry;
        try {
            registry = LocateRegistry.createRegistry(settings.port(), null, sockets);
        } catch (IOException e) {
            unregister(mbeanServer, name);
            throw new IOException("cannot listen for JMX on " + settings.host() + ":" + settings.port()
                    + " (another daemon? set jmx.port or PIPIT_JMX_PORT): " + e.getMessage(), e);
        }
        Map<String, Object> environment = new HashMap<>();
        environment.put(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, sockets);
        if (settings.authenticated()) {
            environment.put(JMXConnectorServer.AUTHENTICATOR, new PasswordAuthenticator(settings.user(), settings.password()));
        }
        JMXConnectorServer connector = JMXConnectorServerFactory.newJMXConnectorServer(
                new JMXServiceURL(settings.serviceUrl()), environment, mbeanServer);
        try {
            connector.start();
        } catch (IOException e) {
            UnicastRemoteObject.unexportObject(registry, true);
            unregister(mbeanServer, name);
            throw e;
        }
        return new JmxServer(mbeanServer, name, registry, connector);
    }

    @Override
    public void close() throws IOException {
        try {
            connector.stop();
        } finally {
            UnicastRemoteObject.unexportObject(registry, true);
            unregister(mbeanServer, name);
        }
    }

    private static void unregister(MBeanServer mbeanServer, ObjectName name) {
        try {
            mbeanServer.unregisterMBean(name);
        } catch (JMException e) {
            // Already gone: nothing to release.
        }
    }

    /** Server sockets on one address; equal instances let the registry and the connector share the port. */
    private record BoundServerSocketFactory(InetAddress address) implements RMIServerSocketFactory {
        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return new ServerSocket(port, 50, address);
        }
    }

    /** Checks the one configured user; compares in constant time so timing reveals nothing of the password. */
    private record PasswordAuthenticator(String user, String password) implements JMXAuthenticator {
        @Override
        public Subject authenticate(Object credentials) {
            if (credentials instanceof String[] pair && pair.length == 2 && pair[0] != null && pair[1] != null
                    && MessageDigest.isEqual(pair[0].getBytes(StandardCharsets.UTF_8), user.getBytes(StandardCharsets.UTF_8))
                    && MessageDigest.isEqual(pair[1].getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8))) {
                return new Subject(true, Set.of(new JMXPrincipal(user)), Set.of(), Set.of());
            }
            throw new SecurityException("JMX authentication failed: wrong user or password");
        }

        @Override
        public String toString() {
            return "PasswordAuthenticator[" + user + "]";
        }
    }
}
