package dev.pipit.scheduler.console;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import dev.pipit.scheduler.cli.JsonOutput;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's HTTP endpoint, on the JDK's own server ({@code com.sun.net.httpserver}): the console is a handful of
 * pages an operator opens now and then and a scrape every few seconds, which a small thread pool serves without a
 * servlet container in {@code lib/}.
 *
 * <p>As with JMX, it binds loopback unless told otherwise, and refuses any other address without a password.
 * Requests that change something are POSTs, refused when a browser says they come from another site.
 */
public final class ConsoleServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
    private static final int THREADS = 4;
    private static final int MAX_FORM_BYTES = 64 * 1024;
    private static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'";

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpSettings settings;

    private ConsoleServer(HttpServer server, ExecutorService executor, HttpSettings settings) {
        this.server = server;
        this.executor = executor;
        this.settings = settings;
    }

    /**
     * Binds and starts serving.
     *
     * @throws IllegalArgumentException when the address is not loopback and no password is configured
     * @throws IOException when the port is taken
     */
    public static ConsoleServer start(HttpSettings settings, Routes routes) throws IOException {
        requireNonNull(settings, "settings is null");
        requireNonNull(routes, "routes is null");
        InetAddress address = InetAddress.getByName(settings.host());
        if (!address.isLoopbackAddress() && !settings.authenticated()) {
            throw new IllegalArgumentException("the web console on " + settings.host() + " would be reachable from "
                    + "other machines: set http.user and http.password (PIPIT_HTTP_PASSWORD), keep http.host at "
                    + "127.0.0.1, or set http.enabled = false");
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, settings.port()), 50);
        } catch (BindException e) {
            throw new IOException("cannot listen for HTTP on " + settings.host() + ":" + settings.port()
                    + " (another daemon? set http.port or PIPIT_HTTP_PORT): " + e.getMessage(), e);
        }
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "pipit-console-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> serve(exchange, settings, routes));
        server.start();
        return new ConsoleServer(server, executor, settings);
    }

    /** The port it listens on: the configured one, or the one the system chose for {@code http.port = 0}. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The address a browser on this machine opens. */
    public String url() {
        String host = settings.host().equals("0.0.0.0") || settings.host().equals("::") ? HttpSettings.DEFAULT_HOST
                : settings.host();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void serve(HttpExchange exchange, HttpSettings settings, Routes routes) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            ConsoleResponse response;
            if (settings.authenticated() && !authorized(exchange, settings)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Pipit\", charset=\"UTF-8\"");
                response = ErrorPages.of(path, 401, "Unauthorized: give the user and password of http.user.");
            } else if (method.equals("POST") && crossSite(exchange)) {
                response = ErrorPages.of(path, 403, "Refused: this request came from another site.");
            } else {
                response = route(exchange, method, path, routes);
            }
            send(exchange, method, response);
        } catch (IOException e) {
            LOG.debug("The console could not answer a request: {}", e.getMessage());
        }
    }

    private static ConsoleResponse route(HttpExchange exchange, String method, String path, Routes routes) {
        String lookup = method.equals("HEAD") ? "GET" : method;
        Optional<Routes.Match> match = routes.match(lookup, path);
        if (match.isEmpty()) {
            return routes.knowsPath(path) ? ErrorPages.of(path, 405, "Method not allowed: " + method + ".")
                    : ErrorPages.of(path, 404, "Not found: there is no page at this address.");
        }
        try {
            List<String> parts = match.get().encodedParts().stream()
                    .map(part -> URLDecoder.decode(part, StandardCharsets.UTF_8)).toList();
            Map<String, String> parameters = ConsoleRequest.decode(exchange.getRequestURI().getRawQuery());
            if (method.equals("POST")) {
                ConsoleRequest.decode(readForm(exchange), parameters);
            }
            return match.get().endpoint().handle(new ConsoleRequest(lookup, path, parts, parameters));
        } catch (NotFoundException e) {
            return ErrorPages.of(path, 404, e.getMessage());
        } catch (IllegalArgumentException e) {
            return ErrorPages.of(path, 400, "Bad request: " + e.getMessage());
        } catch (Exception e) {
            // The page says where to look; the stack trace is for the log, never for a browser.
            LOG.warn("The console failed to answer {} {}", method, path, e);
            return ErrorPages.of(path, 500, "Pipit could not answer this request: see the daemon's log.");
        }
    }

    private static String readForm(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            byte[] bytes = body.readNBytes(MAX_FORM_BYTES + 1);
            if (bytes.length > MAX_FORM_BYTES) {
                throw new IllegalArgumentException("the form is larger than " + MAX_FORM_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static void send(HttpExchange exchange, String method, ConsoleResponse response) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", response.contentType());
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("Referrer-Policy", "same-origin");
        headers.set("Cache-Control", "no-store");
        if (response.location() != null) {
            headers.set("Location", response.location());
        }
        boolean bodyless = method.equals("HEAD") || response.body().length == 0;
        exchange.sendResponseHeaders(response.status(), bodyless ? -1 : response.body().length);
        if (!bodyless) {
            exchange.getResponseBody().write(response.body());
        }
    }

    /** Basic authentication against the one configured user, compared in constant time. */
    private static boolean authorized(HttpExchange exchange, HttpSettings settings) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = pair.indexOf(':');
        if (colon < 0) {
            return false;
        }
        boolean user = MessageDigest.isEqual(pair.substring(0, colon).getBytes(StandardCharsets.UTF_8),
                settings.user().getBytes(StandardCharsets.UTF_8));
        boolean password = MessageDigest.isEqual(pair.substring(colon + 1).getBytes(StandardCharsets.UTF_8),
                settings.password().getBytes(StandardCharsets.UTF_8));
        return user & password;
    }

    /**
     * A POST a browser sent from another site's page: browsers name the site in {@code Sec-Fetch-Site} and the
     * page's origin in {@code Origin}, and neither can be forged by that page. Clients without them (curl,
     * scripts) are not browsers carrying someone's session, and pass.
     */
    private static boolean crossSite(HttpExchange exchange) {
        String fetchSite = exchange.getRequestHeaders().getFirst("Sec-Fetch-Site");
        if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
            return true;
        }
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        String host = exchange.getRequestHeaders().getFirst("Host");
        return origin != null && (host == null || !origin.equalsIgnoreCase("http://" + host));
    }

    /** Error answers: JSON under {@code /api/}, a page elsewhere; a message, never a stack trace. */
    static final class ErrorPages {
        private ErrorPages() {}

        static ConsoleResponse of(String path, int status, String message) {
            if (path.startsWith("/api/")) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("status", status);
                error.put("error", message);
                return ConsoleResponse.json(status, JsonOutput.write(error));
            }
            String title = switch (status) {
                case 401 -> "Unauthorized";
                case 403 -> "Forbidden";
                case 404 -> "Not found";
                case 405 -> "Method not allowed";
                case 400 -> "Bad request";
                default -> "Error";
            };
            return ConsoleResponse.html(status, Html.page(title, "<p class=\"error\">" + Html.text(message)
                    + "</p><p><a href=\"/\">Back to the overview</a></p>"));
        }
    }
}
