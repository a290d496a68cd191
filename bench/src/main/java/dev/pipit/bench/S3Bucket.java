package dev.pipit.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

/**
 * A real S3 server in the benchmark's JVM: S3Proxy on a loopback port over a folder ({@code jclouds} filesystem
 * store), so an object is a plain file. Data is written straight into {@link #objectPath} rather than uploaded:
 * the baselines read the very same file, and a 2 GB upload would only slow the benchmark.
 */
final class S3Bucket implements AutoCloseable {
    static final String ACCESS_KEY = "AKIAPIPITBENCH000001";
    static final String SECRET = "pipit-bench-secret-0000000000000000000";
    static final String REGION = "us-east-1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final S3Proxy proxy;
    private final Path root;
    private final URI endpoint;

    private S3Bucket(S3Proxy proxy, Path root, URI endpoint) {
        this.proxy = proxy;
        this.root = root;
        this.endpoint = endpoint;
    }

    static S3Bucket start(Path root) throws Exception {
        Files.createDirectories(root);
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", root.toString());
        properties.setProperty("jclouds.identity", ACCESS_KEY);
        properties.setProperty("jclouds.credential", SECRET);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(BlobStores.create("filesystem", properties))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .build();
        proxy.start();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!"STARTED".equals(proxy.getState())) {
            if (Instant.now().isAfter(deadline)) {
                proxy.stop();
                throw new IllegalStateException("S3Proxy did not start within " + START_TIMEOUT);
            }
            Thread.sleep(10);
        }
        return new S3Bucket(proxy, root, URI.create("http://127.0.0.1:" + proxy.getPort()));
    }

    URI endpoint() {
        return endpoint;
    }

    /** Where the object {@code bucket/key} lives on disk; creates the bucket's folder. */
    Path objectPath(String bucket, String key) throws IOException {
        Path path = root.resolve(bucket).resolve(key);
        Files.createDirectories(path.getParent());
        return path;
    }

    /** An empty bucket (a folder at the store's root). */
    void createBucket(String bucket) throws IOException {
        Files.createDirectories(root.resolve(bucket));
    }

    /** The {@code .connection} text for this server, with the keys through {@code tb_secret()}. */
    String connectionFile() {
        return """
                TYPE s3
                S3_REGION %s
                S3_ACCESS_KEY {{ tb_secret("BENCH_S3_KEY", "%s") }}
                S3_SECRET {{ tb_secret("BENCH_S3_SECRET", "%s") }}
                S3_ENDPOINT %s
                S3_PATH_STYLE true
                """.formatted(REGION, ACCESS_KEY, SECRET, endpoint);
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
