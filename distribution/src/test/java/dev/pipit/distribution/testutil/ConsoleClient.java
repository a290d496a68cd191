package dev.pipit.distribution.testutil;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Plain HTTP requests to a daemon's web console, as a script or a scraper would make them. */
public final class ConsoleClient {
    private static final Pattern CONSOLE_URL = Pattern.compile("Console: (http://\\S+/)\\.");

    private final String url;
    private final String authorization;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ConsoleClient(String url, String authorization) {
        this.url = url;
        this.authorization = authorization;
    }

    /** The console of a daemon whose start line has been printed; {@code user} may be {@code null}. */
    public static ConsoleClient of(PipitProcess daemon, String user, String password) {
        Matcher matcher = CONSOLE_URL.matcher(daemon.stdout());
        assertThat(matcher.find()).as("the console's address in:\n" + daemon.output()).isTrue();
        return new ConsoleClient(matcher.group(1), user == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    public String url() {
        return url;
    }

    public HttpResponse<String> get(String path) throws Exception {
        return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A form POST from the console's own pages, as the browser sends it. */
    public HttpResponse<String> post(String path) throws Exception {
        return client.send(request(path).header("Origin", url.substring(0, url.length() - 1))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url + path.substring(1)))
                .timeout(Duration.ofSeconds(60));
        return authorization == null ? builder : builder.header("Authorization", authorization);
    }
}
