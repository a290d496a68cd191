package dev.pipit.plugin.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.testkit.s3.S3Server;
import java.io.FileNotFoundException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A copy above the size one CopyObject copies is made of parts copied from ranges of the source, against S3Proxy;
 * the sizes are scaled down from S3's 5 GiB so that three parts make a few megabytes.
 */
class S3CopiesIT {
    private static final int PART = 5 << 20;
    private static final String BUCKET = "copies";

    private static S3Server server;
    private static S3Clients.Connection connection;

    @BeforeAll
    static void start() throws Exception {
        server = S3Server.withKeys();
        server.createBucket(BUCKET);
        connection = S3Clients.connect("landing_s3", S3Settings.parse(Map.of(
                S3ConnectorFactory.REGION.name(), S3Server.REGION,
                S3ConnectorFactory.ACCESS_KEY.name(), S3Server.ACCESS_KEY,
                S3ConnectorFactory.SECRET.name(), S3Server.SECRET,
                S3ConnectorFactory.ENDPOINT.name(), server.endpoint().toString(),
                S3ConnectorFactory.PATH_STYLE.name(), "true")));
    }

    @AfterAll
    static void stop() throws Exception {
        connection.close();
        server.close();
    }

    @Test
    void anObjectAboveTheSingleCopyLimitIsCopiedInPartsByteForByte() throws Exception {
        byte[] content = new byte[2 * PART + 1234];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31 + i / PART);
        }
        server.put(BUCKET, "in/big.csv", content);
        S3Copies copies = new S3Copies(connection.s3(), new S3Errors("landing_s3", S3ApiNaming.S3), PART, PART);
        ObjectRef big = new ObjectRef(BUCKET, "in/big.csv", content.length, Instant.now(), null);

        copies.copy(big, "done/big.csv", "s3://copies/in/big.csv");

        byte[] copied = server.admin().getObjectAsBytes(request -> request.bucket(BUCKET).key("done/big.csv"))
                .asByteArray();
        assertThat(Arrays.equals(copied, content)).as("the copy holds the source's bytes").isTrue();
        assertThat(server.admin().listObjectsV2(request -> request.bucket(BUCKET)).contents())
                .extracting(S3Object::key).containsExactly("done/big.csv", "in/big.csv");
        ObjectRef gone = new ObjectRef(BUCKET, "in/gone.csv", content.length, Instant.now(), null);
        assertThatExceptionOfType(FileNotFoundException.class)
                .isThrownBy(() -> copies.copy(gone, "done/gone.csv", "s3://copies/in/gone.csv"))
                .withMessageContaining("s3://copies/in/gone.csv");
        assertThat(server.admin().listMultipartUploads(request -> request.bucket(BUCKET)).uploads())
                .as("the failed copy's upload is aborted").isEmpty();
    }
}
