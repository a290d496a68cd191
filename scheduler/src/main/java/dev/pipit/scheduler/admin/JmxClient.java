package dev.pipit.scheduler.admin;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import javax.management.JMX;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/** A connection to a running daemon's {@link PipitControlMXBean}, as the CLI uses it. */
public final class JmxClient implements AutoCloseable {
    private final JMXConnector connector;
    private final PipitControlMXBean control;

    private JmxClient(JMXConnector connector, PipitControlMXBean control) {
        this.connector = connector;
        this.control = control;
    }

    /** @throws IOException naming the address when no daemon answers there */
    public static JmxClient connect(JmxSettings settings) throws IOException {
        requireNonNull(settings, "settings is null");
        Map<String, Object> environment = new HashMap<>();
        if (settings.authenticated()) {
            environment.put(JMXConnector.CREDENTIALS, new String[] {settings.user(), settings.password()});
        }
        JMXConnector connector;
        try {
            connector = JMXConnectorFactory.connect(new JMXServiceURL(settings.serviceUrl()), environment);
        } catch (IOException e) {
            throw new IOException("no Pipit daemon answers JMX on " + settings.clientHost() + ":" + settings.port()
                    + "; start one with `bin/scheduler start`, or set jmx.port / PIPIT_JMX_PORT to the daemon's port", e);
        } catch (SecurityException e) {
            throw new IOException("the daemon on " + settings.clientHost() + ":" + settings.port()
                    + " refused the JMX credentials; check jmx.user and jmx.password", e);
        }
        try {
            ObjectName name = new ObjectName(PipitControlMXBean.OBJECT_NAME);
            return new JmxClient(connector, JMX.newMXBeanProxy(connector.getMBeanServerConnection(), name,
                    PipitControlMXBean.class));
        } catch (MalformedObjectNameException e) {
            connector.close();
            throw new IllegalStateException(e);
        }
    }

    public PipitControlMXBean control() {
        return control;
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
