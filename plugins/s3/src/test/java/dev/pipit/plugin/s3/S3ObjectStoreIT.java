package dev.pipit.plugin.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.pipit.spi.connector.ListRequest;
import dev.pipit.spi.connector.Listing;
import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.spi.connector.ObjectStore;
import dev.pipit.testkit.s3.S3Server;
import dev.pipit.testkit.s3.S3ServerStoreContract;
import dev.pipit.testkit.store.Connectors;
import dev.pipit.testkit.store.ObjectUploadContract;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The S3 store against a real S3 server (S3Proxy in this JVM), through the same settings a datafile gives. */
class S3ObjectStoreIT extends S3ServerStoreContract implements ObjectUploadContract {
    private static final String CONNECTION = "landing_s3";

    S3ObjectStoreIT() {
        super("s3", CONNECTION);
    }

    @Override
    public ObjectStore storeUnderTest() {
        return store();
    }

    @Override
    public String bucketUnderTest() {
        return bucket();
    }

    @Override
    public int partSize() {
        return S3Upload.PART_SIZE;
    }

    @Override
    protected S3Server startServer() throws Exception {
        return S3Server.withKeys();
    }

    @Override
    protected ObjectStore open(S3Server server) {
        return open(server, S3Server.ACCESS_KEY, S3Server.SECRET);
    }

    @Test
    void startsAfterAKeyOnTheFirstPageAndKeepsToItOnTheNext() throws Exception {
        for (String day : List.of("01", "02", "03", "04")) {
            put("day=" + day + "/a.csv", day);
        }
        ListRequest request = new ListRequest(bucket(), "day=", null, 1, "day=02/a.csv");

        Listing first = store().list(request);
        Listing second = store().list(request.next(first.continuation()));

        assertThat(first.objects()).extracting(ObjectRef::key).containsExactly("day=03/a.csv");
        assertThat(second.objects()).extracting(ObjectRef::key).containsExactly("day=04/a.csv");
        assertThat(second.finished()).isTrue();
    }

    @Test
    void anUploadOfSeveralPartsAppearsWholeOnlyWhenCommitted() throws Exception {
        byte[] part = new byte[S3Upload.PART_SIZE];
        java.util.Arrays.fill(part, (byte) 'x');
        try (dev.pipit.spi.connector.ObjectUpload upload = store().create(bucket(), "exports/big.csv")) {
            upload.write(part);
            upload.write("tail".getBytes(UTF_8));
            assertThat(server().admin().listObjectsV2(r -> r.bucket(bucket()).prefix("exports/")).contents()).isEmpty();
            upload.commit();
        }

        ObjectRef big = store().list(ListRequest.firstPage(bucket(), "exports/", 10)).objects().get(0);
        assertThat(big.key()).isEqualTo("exports/big.csv");
        assertThat(big.size()).isEqualTo(S3Upload.PART_SIZE + 4L);
    }

    @Test
    void anUploadClosedWithoutCommitLeavesNoObjectAndNoParts() throws Exception {
        try (dev.pipit.spi.connector.ObjectUpload upload = store().create(bucket(), "exports/abandoned.csv")) {
            upload.write(new byte[S3Upload.PART_SIZE + 1]);
        }

        assertThat(server().admin().listObjectsV2(r -> r.bucket(bucket()).prefix("exports/")).contents()).isEmpty();
        assertThat(server().admin().listMultipartUploads(r -> r.bucket(bucket())).uploads()).isEmpty();
    }

    @Test
    void wrongCredentialsFailWithAClearMessageThatHoldsNoSecret() throws Exception {
        String wrongKey = "AKIAWRONGWRONGWRONG1";
        String wrongSecret = "wrong-secret-value-never-to-be-shown";
        try (ObjectStore wrong = open(server(), wrongKey, wrongSecret)) {
            assertThatExceptionOfType(IOException.class)
                    .isThrownBy(() -> wrong.list(ListRequest.firstPage(bucket(), "landing/", 10)))
                    .satisfies(error -> {
                        assertThat(error.getMessage())
                                .startsWith("connection 'landing_s3': access denied to s3://" + bucket() + "/landing/ "
                                        + "(check S3_ACCESS_KEY / S3_SECRET or the role's policy)")
                                .doesNotContain(wrongKey, wrongSecret);
                        assertThat(allMessages(error)).doesNotContain(wrongSecret);
                    });
        }
    }

    @Test
    void withoutKeysTheDefaultCredentialsChainSigns() throws Exception {
        put("chain.csv", "signed by the chain".getBytes(UTF_8));
        System.setProperty("aws.accessKeyId", S3Server.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3Server.SECRET);
        try (ObjectStore chain = Connectors.open("s3", CONNECTION, Map.of(
                S3ConnectorFactory.REGION.name(), S3Server.REGION,
                S3ConnectorFactory.ENDPOINT.name(), server().endpoint().toString(),
                S3ConnectorFactory.PATH_STYLE.name(), "true"))) {
            List<ObjectRef> objects = chain.list(ListRequest.firstPage(bucket(), "", 10)).objects();

            assertThat(objects).extracting(ObjectRef::key).containsExactly("chain.csv");
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void anUnreachableEndpointFailsWithinTheConnectTimeout() throws IOException {
        Instant start = Instant.now();
        try (ObjectStore unreachable = Connectors.open("s3", CONNECTION, Map.of(
                S3ConnectorFactory.REGION.name(), S3Server.REGION,
                S3ConnectorFactory.ACCESS_KEY.name(), S3Server.ACCESS_KEY,
                S3ConnectorFactory.SECRET.name(), S3Server.SECRET,
                // Port 9 (discard) is closed on loopback: the connection is refused at once.
                S3ConnectorFactory.ENDPOINT.name(), "http://127.0.0.1:9",
                S3ConnectorFactory.PATH_STYLE.name(), "true",
                S3ConnectorFactory.MAX_ATTEMPTS.name(), "2",
                S3ConnectorFactory.CONNECT_TIMEOUT.name(), "2s"))) {
            assertThatExceptionOfType(IOException.class)
                    .isThrownBy(() -> unreachable.list(ListRequest.firstPage(bucket(), "", 10)))
                    .withMessageStartingWith("connection 'landing_s3': cannot reach S3 for s3://" + bucket() + "/");
        }
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(20));
    }

    private static ObjectStore open(S3Server server, String accessKey, String secret) {
        return Connectors.open("s3", CONNECTION, Map.of(
                S3ConnectorFactory.REGION.name(), S3Server.REGION,
                S3ConnectorFactory.ACCESS_KEY.name(), accessKey,
                S3ConnectorFactory.SECRET.name(), secret,
                S3ConnectorFactory.ENDPOINT.name(), server.endpoint().toString(),
                S3ConnectorFactory.PATH_STYLE.name(), "true"));
    }
}
