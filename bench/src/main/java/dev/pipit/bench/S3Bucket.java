package dev.pipit.bench;

import dev.pipit.testkit.s3.S3Server;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real S3 server in the benchmark's JVM: the tests' S3Proxy over a folder, so an object is a plain file. Data is
 * written straight into {@link #objectPath} rather than uploaded: the baselines read the very same file, and a 2 GB
 * upload would only slow the benchmark.
 */
final class S3Bucket implements AutoCloseable {
    private final S3Server server;
    private final Path root;

    private S3Bucket(S3Server server, Path root) {
        this.server = server;
        this.root = root;
    }

    static S3Bucket start(Path root) throws Exception {
        return new S3Bucket(S3Server.onFolder(root), root);
    }

    URI endpoint() {
        return server.endpoint();
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
                """.formatted(S3Server.REGION, S3Server.ACCESS_KEY, S3Server.SECRET, server.endpoint());
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
