package dev.pipit.scheduler.admin;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.config.PipitConfig;

/**
 * Where the daemon's JMX endpoint listens and who may use it ({@code jmx.*} in the configuration).
 *
 * @param host the address to bind, loopback unless configured ({@code jmx.host}, default 127.0.0.1)
 * @param port the RMI registry and connector port ({@code jmx.port}, default {@value #DEFAULT_PORT})
 * @param user the user name clients must give, or {@code null} for no authentication ({@code jmx.user})
 * @param password that user's password ({@code jmx.password}, or {@code PIPIT_JMX_PASSWORD})
 */
public record JmxSettings(String host, int port, String user, String password) {
    public static final int DEFAULT_PORT = 9876;
    public static final String DEFAULT_HOST = "127.0.0.1";

    public JmxSettings {
        requireNonNull(host, "host is null");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("jmx.port must be between 1 and 65535");
        }
        if ((user == null) != (password == null)) {
            throw new IllegalArgumentException("jmx.user and jmx.password go together: set both, or neither");
        }
    }

    public static JmxSettings from(PipitConfig config) {
        return new JmxSettings(config.get("jmx.host", DEFAULT_HOST), config.getInt("jmx.port", DEFAULT_PORT),
                config.get("jmx.user").orElse(null), config.get("jmx.password").orElse(null));
    }

    public boolean authenticated() {
        return user != null;
    }

    /** The address clients connect to; a wildcard bind is reached through loopback on this machine. */
    public String clientHost() {
        return host.equals("0.0.0.0") || host.equals("::") ? DEFAULT_HOST : host;
    }

    public String serviceUrl() {
        String address = clientHost().contains(":") ? "[" + clientHost() + "]" : clientHost();
        return "service:jmx:rmi://" + address + ":" + port + "/jndi/rmi://" + address + ":" + port + "/jmxrmi";
    }

    @Override
    public String toString() {
        return "JmxSettings[" + host + ":" + port + (user == null ? ", no authentication" : ", user " + user) + "]";
    }
}
