package dev.pipit.scheduler.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConsoleServerTest {
    private static final String PASSWORD = "console-Pa55";

    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicInteger posts = new AtomicInteger();
    private ConsoleServer server;

    private Routes routes() {
        return new Routes()
                .get("/", request -> ConsoleResponse.html("<p>overview</p>"))
                .get("/datasources/{name}", request -> {
                    throw new NotFoundException("No data source named '" + request.part(0) + "'.");
                })
                .get("/broken", request -> {
                    throw new IllegalStateException("a bug deep inside");
                })
                .post("/datasources/{name}/run", request -> {
                    posts.incrementAndGet();
                    return ConsoleResponse.seeOther("/");
                });
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aNonLoopbackAddressWithoutAPasswordIsRefused() {
        assertThatThrownBy(() -> ConsoleServer.start(new HttpSettings(true, "0.0.0.0", 0, null, null), routes()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("set http.user and http.password");
    }

    @Test
    void aWrongPasswordGets401AndTheRightOneThePage() throws Exception {
        server = ConsoleServer.start(new HttpSettings(true, "127.0.0.1", 0, "ops", PASSWORD), routes());

        HttpResponse<String> none = client.send(get("/").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrong = client.send(get("/").header("Authorization", basic("ops", "guess")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> right = client.send(get("/").header("Authorization", basic("ops", PASSWORD)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.body()).contains("overview");
    }

    @Test
    void aCrossSitePostIsRefusedAndASameOriginOneGoesThrough() throws Exception {
        server = ConsoleServer.start(new HttpSettings(true, "127.0.0.1", 0, null, null), routes());
        String origin = "http://127.0.0.1:" + server.port();

        HttpResponse<String> fromElsewhere = client.send(post("/datasources/orders/run")
                .header("Origin", "http://evil.example").header("Sec-Fetch-Site", "cross-site").build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> otherOrigin = client.send(post("/datasources/orders/run")
                .header("Origin", "http://evil.example").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> sameOrigin = client.send(post("/datasources/orders/run")
                .header("Origin", origin).header("Sec-Fetch-Site", "same-origin").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(fromElsewhere.statusCode()).isEqualTo(403);
        assertThat(otherOrigin.statusCode()).isEqualTo(403);
        assertThat(sameOrigin.statusCode()).isEqualTo(303);
        assertThat(posts).hasValue(1);
    }

    @Test
    void unknownThingsAre404PagesAndFailuresNeverShowAStackTrace() throws Exception {
        server = ConsoleServer.start(new HttpSettings(true, "127.0.0.1", 0, null, null), routes());

        HttpResponse<String> unknownPage = client.send(get("/nothing/here").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unknownDataSource = client.send(get("/datasources/nope").build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unknownApi = client.send(get("/api/v1/nothing").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> broken = client.send(get("/broken").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrongMethod = client.send(get("/datasources/orders/run").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(unknownPage.statusCode()).isEqualTo(404);
        assertThat(unknownDataSource.statusCode()).isEqualTo(404);
        assertThat(unknownDataSource.body()).contains("No data source named &#39;nope&#39;").doesNotContain("Exception");
        assertThat(unknownApi.statusCode()).isEqualTo(404);
        assertThat(unknownApi.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("json"));
        assertThat(broken.statusCode()).isEqualTo(500);
        assertThat(broken.body()).contains("see the daemon&#39;s log").doesNotContain("a bug deep inside", "at dev.pipit");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET();
    }

    private HttpRequest.Builder post(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(""));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
