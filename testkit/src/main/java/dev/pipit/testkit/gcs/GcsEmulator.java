package dev.pipit.testkit.gcs;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.pipit.testkit.net.FreePorts;
import dev.pipit.testkit.npm.NpmPackage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real GCS JSON API server for a test class: the Firebase Storage emulator, run by {@code node} on a free
 * loopback port, installed from npm on first use (see {@link NpmPackage}). Register it as a static
 * field with {@code @RegisterExtension}; it starts before the class's tests and stops after them.
 *
 * <p>The emulator has gaps the tests work around: buckets cannot be created (one appears with its first object),
 * and {@code startOffset}, {@code endOffset} and {@code matchGlob} are ignored. Objects are uploaded here with
 * {@code uploadType=media}, which it takes, rather than the client's multipart {@code create}, which it refuses.
 */
public final class GcsEmulator implements BeforeAllCallback, AfterAllCallback {
    public static final String PROJECT_ID = "demo-pipit";

    /** Pinned: gcs-emulator.js uses the package's internal modules. */
    private static final String FIREBASE_TOOLS_VERSION = "15.34.2";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final String READY = "gcs emulator ready on ";
    private static final int UPLOADS_IN_FLIGHT = 16;
    private static final int START_ATTEMPTS = 3;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final StringBuffer output = new StringBuffer();
    private Process process;
    private Thread shutdownHook;
    private URI endpoint;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    public void start() throws IOException, InterruptedException {
        Path installed = NpmPackage.ensureInstalled("firebase-tools", FIREBASE_TOOLS_VERSION);
        Path script = installed.resolve("gcs-emulator.js");
        try (InputStream resource = GcsEmulator.class.getResourceAsStream("gcs-emulator.js")) {
            // Beside node_modules, so that require() finds firebase-tools.
            Files.copy(resource, script, StandardCopyOption.REPLACE_EXISTING);
        }
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = FreePorts.one();
            if (startOn(script, port)) {
                endpoint = URI.create("http://127.0.0.1:" + port);
                return;
            }
            // Another process may have taken the free port before node bound it: try another one.
            stop();
        }
        throw new IllegalStateException("the GCS emulator did not start (" + START_ATTEMPTS + " attempts, "
                + START_TIMEOUT + " each):\n" + output);
    }

    private boolean startOn(Path script, int port) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("node", script.toString()).redirectErrorStream(true);
        builder.environment().putAll(Map.of("GCS_HOST", "127.0.0.1", "GCS_PORT", Integer.toString(port),
                "GCS_PROJECT", PROJECT_ID));
        output.setLength(0);
        process = builder.start();
        // A test JVM that exits without afterAll (a failed fork, Ctrl-C) must not leave node running.
        Process started = process;
        shutdownHook = new Thread(started::destroyForcibly, "gcs-emulator-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> drain(started.getInputStream(), ready), "gcs-emulator-output");
        reader.setDaemon(true);
        reader.start();
        return ready.await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) && started.isAlive();
    }

    public void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
        process = null;
    }

    /** {@code http://127.0.0.1:PORT}, what {@code GCS_ENDPOINT} is set to. */
    public URI endpoint() {
        return endpoint;
    }

    /** Uploads one object; its bucket appears with it. */
    public void put(String bucket, String key, byte[] content) throws IOException, InterruptedException {
        check(http.send(upload(bucket, key, content), HttpResponse.BodyHandlers.ofString()), "upload " + key);
    }

    /** Uploads many objects, several at a time: a thousand one by one would take most of a test's time. */
    public void putAll(String bucket, Map<String, byte[]> objects) {
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        for (Map.Entry<String, byte[]> object : objects.entrySet()) {
            inFlight.add(http.sendAsync(upload(bucket, object.getKey(), object.getValue()),
                    HttpResponse.BodyHandlers.ofString()).thenAccept(response -> check(response, "upload")));
            if (inFlight.size() == UPLOADS_IN_FLIGHT) {
                CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
                inFlight.clear();
            }
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
    }

    public void delete(String bucket, String key) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/storage/v1/b/" + bucket + "/o/"
                + URLEncoder.encode(key, UTF_8).replace("+", "%20"))).DELETE().build();
        check(http.send(request, HttpResponse.BodyHandlers.ofString()), "delete " + key);
    }

    private HttpRequest upload(String bucket, String key, byte[] content) {
        return HttpRequest.newBuilder(endpoint.resolve("/upload/storage/v1/b/" + bucket + "/o?uploadType=media&name="
                        + URLEncoder.encode(key, UTF_8)))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(content))
                .build();
    }

    private static void check(HttpResponse<String> response, String what) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(what + " answered HTTP " + response.statusCode() + ": " + response.body());
        }
    }

    private void drain(InputStream stream, CountDownLatch ready) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.append(line).append('\n');
                if (line.startsWith(READY)) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            output.append("(output lost: ").append(e).append(")\n");
        }
        // The process ended: wake the starter rather than let it wait out the timeout.
        ready.countDown();
    }
}
