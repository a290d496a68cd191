package dev.pipit.testkit.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.spi.connector.ListRequest;
import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.spi.connector.ObjectStore;
import dev.pipit.spi.connector.ObjectUpload;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What every store that sinks write to promises, against a real server: an object of several parts reads back
 * whole, nothing appears under its name before the commit, and an upload abandoned after parts went up leaves
 * nothing behind, not even over the object it would have replaced. A store's test that extends
 * {@link ObjectStoreContract} implements this too, saying where its store and bucket are.
 */
public interface ObjectUploadContract {
    /** The store under test, open for this test. */
    ObjectStore storeUnderTest();

    /** This test's bucket. */
    String bucketUnderTest();

    /** How many bytes the store sends in one request: the tests write more, so that parts go up before the end. */
    int partSize();

    @Test
    default void aCommittedUploadOfSeveralPartsAppearsWholeOnlyAtTheCommit() throws IOException {
        byte[] content = new byte[partSize() + 123_457];
        new Random(23).nextBytes(content);

        try (ObjectUpload upload = storeUnderTest().create(bucketUnderTest(), "exports/big.bin")) {
            for (int offset = 0; offset < content.length; offset += 65_536) {
                upload.write(content, offset, Math.min(65_536, content.length - offset));
            }
            assertThat(objects("exports/")).as("objects before the commit").isEmpty();
            upload.commit();
        }

        assertThat(objects("exports/")).singleElement().satisfies(object -> {
            assertThat(object.key()).isEqualTo("exports/big.bin");
            assertThat(object.size()).isEqualTo(content.length);
            try (InputStream in = storeUnderTest().open(object)) {
                assertThat(in.readAllBytes()).isEqualTo(content);
            }
        });
    }

    @Test
    default void anAbandonedUploadLeavesNothingAndKeepsTheObjectItWouldHaveReplaced() throws IOException {
        try (ObjectUpload old = storeUnderTest().create(bucketUnderTest(), "exports/kept.csv")) {
            old.write("old\n".getBytes(UTF_8));
            old.commit();
        }

        for (String key : List.of("exports/kept.csv", "exports/never.csv")) {
            try (ObjectUpload abandoned = storeUnderTest().create(bucketUnderTest(), key)) {
                abandoned.write(new byte[partSize() + 1]);
            }
        }

        assertThat(objects("exports/")).singleElement().satisfies(object -> {
            assertThat(object.key()).isEqualTo("exports/kept.csv");
            try (InputStream in = storeUnderTest().open(object)) {
                assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("old\n");
            }
        });
    }

    private List<ObjectRef> objects(String prefix) throws IOException {
        return storeUnderTest().list(ListRequest.firstPage(bucketUnderTest(), prefix, 100)).objects();
    }
}
