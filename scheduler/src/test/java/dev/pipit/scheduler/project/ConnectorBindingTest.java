package dev.pipit.scheduler.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.pipit.scheduler.testutil.FakeConnectorFactory;
import dev.pipit.spi.connector.BucketAddress;
import dev.pipit.spi.connector.ConnectorContext;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorBindingTest {
    private final ConnectorBinding s3 = new ConnectorBinding(FakeConnectorFactory.s3(),
            new ConnectorContext("landing", Map.of()));

    @Test
    void aTypedUriIsReadByTheConnectorAsAnImportBucketUriIs() {
        assertThat(s3.bucketAddress("s3://bkt/in/*.csv", Path.of("/project")))
                .isEqualTo(new BucketAddress("s3", "bkt", "in/*.csv"));
    }

    @Test
    void aSchemeTheConnectorDoesNotDeclareIsRefusedWithTheOnesItDoes() {
        assertThatIllegalArgumentException().isThrownBy(() -> s3.bucketAddress("gs://bkt/in/", Path.of("/project")))
                .withMessage("connection landing of type s3 reads s3:// URIs, not 'gs://bkt/in/'");
        ConnectorBinding stream = new ConnectorBinding(FakeConnectorFactory.kafka(),
                new ConnectorContext("events", Map.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> stream.bucketAddress("s3://bkt/", Path.of("/project")))
                .withMessage("connection events of type kafka lists no bucket, not 's3://bkt/'");
    }
}
