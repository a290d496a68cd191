package dev.pipit.scheduler.console;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.config.PipitConfig;

/**
 * Where the daemon's web console and {@code /metrics} listen and who may use them ({@code http.*}).
 *
 * @param enabled whether the daemon serves HTTP at all ({@code http.enabled}, default true)
 * @param host the address to bind ({@code http.host}, default 127.0.0.1)
 * @param port the port ({@code http.port}, default {@value #DEFAULT_PORT}; 0 takes any free port)
 * @param user the user name browsers must give, or {@code null} for none ({@code http.user})
 * @param password that user's password ({@code http.password}, or {@code PIPIT_HTTP_PASSWORD})
 */
public record HttpSettings(boolean enabled, String host, int port, String user, String password) {
    public static final int DEFAULT_PORT = 9080;
    public static final String DEFAULT_HOST = "127.0.0.1";

    public HttpSettings {
        requireNonNull(host, "host is null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("http.port must be between 0 and 65535");
        }
        if ((user == null) != (password == null)) {
            throw new IllegalArgumentException("http.user and http.password go together: set both, or neither");
        }
    }

    public static HttpSettings from(PipitConfig config) {
        return new HttpSettings(config.getBoolean("http.enabled", true), config.get("http.host", DEFAULT_HOST),
                config.getInt("http.port", DEFAULT_PORT), config.get("http.user").orElse(null),
                config.get("http.password").orElse(null));
    }

    public boolean authenticated() {
        return user != null;
    }

    @Override
    public String toString() {
        return "HttpSettings[" + (enabled ? host + ":" + port : "disabled")
                + (user == null ? ", no authentication" : ", user " + user) + "]";
    }
}
