package dev.pipit.testkit.azure;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerAsyncClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceAsyncClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.common.StorageSharedKeyCredential;
import dev.pipit.testkit.npm.NpmPackage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.core.publisher.Flux;

/**
 * A real Azure Blob Storage server for a test class: Azurite's Blob service, run by {@code node} on a loopback
 * port of its own choosing, in memory, installed from npm on first use (see {@link NpmPackage}). Register it as
 * a static field with {@code @RegisterExtension}; it starts before the class's tests and stops after them.
 *
 * <p>Azurite serves the development account {@code devstoreaccount1} with its published key, at
 * {@code http://127.0.0.1:PORT/devstoreaccount1}. It pages listings at 5,000 blobs, as Azure does, and ignores
 * {@code startFrom}. The tests' blobs are written through the Azure SDK with the account key, not through Pipit.
 */
public final class Azurite implements BeforeAllCallback, AfterAllCallback {
    public static final String ACCOUNT = "devstoreaccount1";
    /** Azurite's well-known development key, the same in every installation (not a secret). */
    public static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /**
     * 3.35.0: the last release that runs on Node.js 20, which Debian 13 ships (3.36 and later want 21 and 22).
     * Exact, as every npm test server here.
     */
    private static final String VERSION = "3.35.0";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern READY = Pattern.compile("Azurite Blob service successfully listens on (http://\\S+)");
    private static final int UPLOADS_IN_FLIGHT = 32;

    private final StringBuffer output = new StringBuffer();
    private Process process;
    private Thread shutdownHook;
    private Path workspace;
    private volatile URI serviceUri;
    private BlobServiceClient client;
    private BlobServiceAsyncClient asyncClient;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    public void start() throws IOException, InterruptedException {
        Path installed = NpmPackage.ensureInstalled("azurite", VERSION);
        // Blobs stay in memory; the working folder only catches what Azurite may still write beside it.
        workspace = Files.createTempDirectory("azurite-");
        // Port 0: Azurite binds a free port itself and says which, so no other process can take it in between.
        ProcessBuilder builder = new ProcessBuilder("node",
                installed.resolve("node_modules/azurite/dist/src/blob/main.js").toString(),
                "--blobHost", "127.0.0.1", "--blobPort", "0", "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--silent", "--disableTelemetry")
                .directory(workspace.toFile())
                .redirectErrorStream(true);
        process = builder.start();
        // A test JVM that exits without afterAll (a failed fork, Ctrl-C) must not leave node running.
        Process started = process;
        shutdownHook = new Thread(started::destroyForcibly, "azurite-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> drain(started.getInputStream(), ready), "azurite-output");
        reader.setDaemon(true);
        reader.start();
        if (!ready.await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || serviceUri == null) {
            stop();
            throw new IllegalStateException("Azurite did not start (waited up to " + START_TIMEOUT + "):\n" + output);
        }
        BlobServiceClientBuilder clients = new BlobServiceClientBuilder()
                .endpoint(endpoint().toString())
                .credential(new StorageSharedKeyCredential(ACCOUNT, ACCOUNT_KEY))
                .httpClient(new JdkHttpClientBuilder().build());
        client = clients.buildClient();
        asyncClient = clients.buildAsyncClient();
    }

    public void stop() throws InterruptedException, IOException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
            process = null;
        }
        if (workspace != null) {
            try (Stream<Path> files = Files.walk(workspace)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
            workspace = null;
        }
    }

    /** {@code http://127.0.0.1:PORT/devstoreaccount1}, what {@code AZURE_ENDPOINT} is set to. */
    public URI endpoint() {
        return URI.create(serviceUri + "/" + ACCOUNT);
    }

    /** The development account's connection string, with this server as its Blob endpoint. */
    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + ACCOUNT_KEY
                + ";BlobEndpoint=" + endpoint() + ";";
    }

    /** A SAS token for one container, signed with the account key, without its leading '?'. */
    public String sasToken(String container, String permissions, Duration validFor) {
        return client.getBlobContainerClient(container).generateSas(new BlobServiceSasSignatureValues(
                OffsetDateTime.now().plus(validFor), BlobContainerSasPermission.parse(permissions))
                .setStartTime(OffsetDateTime.now().minusMinutes(5)));
    }

    public void createContainer(String container) {
        client.getBlobContainerClient(container).createIfNotExists();
    }

    /** Uploads one blob, replacing any blob of that name. */
    public void put(String container, String name, byte[] content) {
        client.getBlobContainerClient(container).getBlobClient(name).upload(BinaryData.fromBytes(content), true);
    }

    public void put(String container, String name, String content) {
        put(container, name, content.getBytes(UTF_8));
    }

    /** Uploads many blobs, several at a time: five thousand one by one would take most of a test's time. */
    public void putAll(String container, Map<String, byte[]> blobs) {
        BlobContainerAsyncClient target = asyncClient.getBlobContainerAsyncClient(container);
        Flux.fromIterable(blobs.entrySet())
                .flatMap(blob -> target.getBlobAsyncClient(blob.getKey())
                        .upload(BinaryData.fromBytes(blob.getValue()), true), UPLOADS_IN_FLIGHT)
                .blockLast(Duration.ofMinutes(5));
    }

    public void delete(String container, String name) {
        client.getBlobContainerClient(container).getBlobClient(name).delete();
    }

    /** The container's client, for what the methods here do not cover. */
    public BlobContainerClient container(String container) {
        return client.getBlobContainerClient(container);
    }

    private void drain(InputStream stream, CountDownLatch ready) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.append(line).append('\n');
                Matcher listening = READY.matcher(line);
                if (listening.find()) {
                    serviceUri = URI.create(listening.group(1));
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
