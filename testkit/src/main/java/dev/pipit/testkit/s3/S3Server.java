package dev.pipit.testkit.s3;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server in this JVM: S3Proxy's Jetty on a free loopback port, in front of an in-memory ("transient")
 * store, so every test starts from an empty server and leaves nothing behind, or in front of a folder, where an
 * object is a plain file. {@link #admin()} is a client with the server's own identity, for putting and deleting
 * test objects.
 */
public final class S3Server implements AutoCloseable {
    /** The fixed identity and credential of a server with authentication; tests assert neither leaks. */
    public static final String ACCESS_KEY = "AKIAPIPITTEST0000001";
    public static final String SECRET = "pipit-test-secret-d41d8cd98f00b204e980";
    public static final String REGION = "us-east-1";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final S3Proxy proxy;
    private final URI endpoint;
    private final S3Client admin;

    private S3Server(S3Proxy proxy, URI endpoint, S3Client admin) {
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.admin = admin;
    }

    /** A server that accepts requests signed (V2 or V4) with {@link #ACCESS_KEY} and {@link #SECRET} only. */
    public static S3Server withKeys() throws Exception {
        return start("transient", new Properties(), AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET);
    }

    /**
     * A server with {@link #ACCESS_KEY} and {@link #SECRET} over {@code root} (jclouds' filesystem store): the
     * object {@code bucket/key} is the file {@code root/bucket/key}, so large data can be written in place rather
     * than uploaded, and a bucket is a folder.
     */
    public static S3Server onFolder(Path root) throws Exception {
        Files.createDirectories(root);
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", root.toString());
        return start("filesystem", properties, AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET);
    }

    /** A server that accepts requests signed with the given identity, such as a role's temporary keys. */
    public static S3Server withKeys(String accessKey, String secret) throws Exception {
        return start("transient", new Properties(), AuthenticationType.AWS_V2_OR_V4, accessKey, secret);
    }

    /** A server that checks no signature at all, like a public bucket. */
    public static S3Server anonymous() throws Exception {
        return start("transient", new Properties(), AuthenticationType.NONE, null, null);
    }

    private static S3Server start(String store, Properties properties, AuthenticationType authentication,
            String accessKey, String secret) throws Exception {
        properties.setProperty("jclouds.identity", accessKey == null ? "" : accessKey);
        properties.setProperty("jclouds.credential", secret == null ? "" : secret);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(BlobStores.create(store, properties))
                .awsAuthentication(authentication, accessKey, secret)
                .endpoint(URI.create("http://127.0.0.1:0"))
                // Temporary credentials add x-amz-security-token, which S3Proxy would otherwise answer with 501.
                .ignoreUnknownHeaders(true)
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
        URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        AwsCredentialsProvider credentials = accessKey == null
                ? AnonymousCredentialsProvider.create()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret));
        S3Client admin = S3Client.builder()
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.of(REGION))
                .credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder())
                // Plain PUT bodies with a Content-Length rather than the SDK's default aws-chunked bodies with a
                // trailing checksum: one of 1,005 chunked uploads once failed ("Error writing request body") on a
                // busy machine, and the plain form is the simplest request S3Proxy takes.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .build();
        return new S3Server(proxy, endpoint, admin);
    }

    public URI endpoint() {
        return endpoint;
    }

    public S3Client admin() {
        return admin;
    }

    public void createBucket(String bucket) {
        admin.createBucket(request -> request.bucket(bucket));
    }

    public void put(String bucket, String key, byte[] content) {
        admin.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromBytes(content));
    }

    public void delete(String bucket, String key) {
        admin.deleteObject(request -> request.bucket(bucket).key(key));
    }

    @Override
    public void close() throws Exception {
        admin.close();
        proxy.stop();
    }
}
