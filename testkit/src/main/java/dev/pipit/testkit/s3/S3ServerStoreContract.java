package dev.pipit.testkit.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.spi.connector.ObjectStore;
import dev.pipit.testkit.store.ObjectStoreContract;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The store contract for stores that speak the S3 API, against S3Proxy: one server for the test class, a bucket of
 * its own for each test. Subclasses say which server identity to start and how a datafile's settings reach it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class S3ServerStoreContract extends ObjectStoreContract {
    private S3Server server;

    protected S3ServerStoreContract(String scheme, String connectionName) {
        super(scheme, connectionName);
    }

    /** Called once, before the class's tests. */
    protected abstract S3Server startServer() throws Exception;

    /** The store under test on {@code server}, as the connection's settings open it. */
    protected abstract ObjectStore open(S3Server server);

    @BeforeAll
    void start() throws Exception {
        server = startServer();
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    @Override
    protected void createBucket(String bucket) {
        server.createBucket(bucket);
    }

    @Override
    protected ObjectStore openStore() {
        return open(server);
    }

    protected S3Server server() {
        return server;
    }

    @Override
    protected void put(String key, byte[] content) {
        server.put(bucket(), key, content);
    }

    @Override
    protected void delete(String key) {
        server.delete(bucket(), key);
    }

    /** The S3 API's ETag of a single-part upload is the MD5 of its bytes, kept without the quotes. */
    @Override
    protected void assertVersionTag(ObjectRef object, byte[] content) throws Exception {
        assertThat(object.etag()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content)));
    }
}
